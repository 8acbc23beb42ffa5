package dev.celeris.router.middleware;

import dev.celeris.router.Context;
import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Token-bucket rate limiting per key (default: the client IP). Each key's bucket holds up to
 * {@code burst} tokens and refills at {@code ratePerSecond}; a request takes one token or is
 * answered 429 Too Many Requests (RFC 6585 §4) with {@code Retry-After} seconds until a token
 * is back. Buckets that have refilled completely are evicted when more than {@code maxKeys}
 * keys are tracked, so memory stays bounded.
 */
public final class RateLimit {

    private RateLimit() {
    }

    /** {@code ratePerSecond} sustained, bursts up to {@code burst}, keyed by client IP. */
    public static Handler perIp(double ratePerSecond, int burst) {
        return builder().rate(ratePerSecond).burst(burst).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private double rate = 10;
        private int burst = 20;
        private Function<Context, String> key = Context::clientIp;
        private int maxKeys = 100_000;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        public Builder rate(double perSecond) {
            if (!(perSecond > 0)) throw new IllegalArgumentException("rate must be > 0");
            this.rate = perSecond;
            return this;
        }

        public Builder burst(int tokens) {
            if (tokens < 1) throw new IllegalArgumentException("burst must be >= 1");
            this.burst = tokens;
            return this;
        }

        /** What a bucket belongs to, e.g. an API key header: {@code ctx -> ctx.header("x-api-key")}. */
        public Builder key(Function<Context, String> key) {
            this.key = Objects.requireNonNull(key);
            return this;
        }

        public Builder maxKeys(int maxKeys) {
            this.maxKeys = maxKeys;
            return this;
        }

        /** The nanosecond clock (tests). */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock);
            return this;
        }

        public Handler build() {
            double perNano = rate / 1e9;
            int cap = burst;
            Function<Context, String> keyOf = key;
            LongSupplier now = clock;
            int limit = maxKeys;
            ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
            return ctx -> {
                String k = keyOf.apply(ctx);
                if (k == null) k = "";
                long t = now.getAsLong();
                if (buckets.size() > limit) buckets.values().removeIf(b -> b.isFull(t, perNano, cap));
                Bucket bucket = buckets.computeIfAbsent(k, x -> new Bucket(cap, t));
                long waitNanos = bucket.take(t, perNano, cap);
                if (waitNanos > 0) {
                    long seconds = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
                    throw new HttpException(429, "Too Many Requests").header("retry-after", Long.toString(seconds));
                }
                ctx.next();
            };
        }
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        /** Takes a token: 0 on success, else nanoseconds until one is available. */
        synchronized long take(long now, double perNano, int cap) {
            refill(now, perNano, cap);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized boolean isFull(long now, double perNano, int cap) {
            refill(now, perNano, cap);
            return tokens >= cap;
        }

        private void refill(long now, double perNano, int cap) {
            long elapsed = now - last;
            if (elapsed > 0) {
                tokens = Math.min(cap, tokens + elapsed * perNano);
                last = now;
            }
        }
    }
}
