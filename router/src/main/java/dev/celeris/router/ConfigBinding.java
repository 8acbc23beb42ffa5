package dev.celeris.router;

import dev.celeris.router.ConfigSources.Setting;
import java.util.ArrayList;
import java.util.List;

/** Applies configuration settings to a {@link ServerBuilder}, naming the key in every error. */
final class ConfigBinding {

    private ConfigBinding() {
    }

    private record Parsed(Setting setting, ConfigKeys.Key key, Object value) {
    }

    static void apply(ServerBuilder builder, List<Setting> settings) {
        List<Parsed> parsed = new ArrayList<>();
        for (Setting s : settings) {
            if (s.key().startsWith(ConfigKeys.TRANSPORT_OPTIONS) && s.key().length() > ConfigKeys.TRANSPORT_OPTIONS.length()) {
                builder.option(s.key().substring(ConfigKeys.TRANSPORT_OPTIONS.length()), s.value().trim());
                continue;
            }
            ConfigKeys.Key key = ConfigKeys.ALL.get(s.key());
            if (key == null) {
                String near = ConfigKeys.closest(s.key());
                throw new ConfigException(s.key(), "Unknown configuration key '" + s.key() + "' (" + s.source() + ")"
                        + (near == null ? "" : "; did you mean '" + near + "'?") + " Keys: docs/configuration.md");
            }
            try {
                parsed.add(new Parsed(s, key, ConfigValues.parse(key.type(), s.value())));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw bad(s, e);
            }
        }
        // Keys are applied one by one so an error names its key; one that a record rejects only
        // because of another key not yet applied (low/high water marks) gets a second try.
        List<Parsed> failed = new ArrayList<>();
        java.util.Map<String, Object> tls = new java.util.LinkedHashMap<>();
        for (Parsed p : parsed) {
            if (p.key().target() == ConfigKeys.Target.TLS) tls.put(p.key().name(), p.value());
            else if (!tryApply(builder, p)) failed.add(p);
        }
        TlsConfigKeys.apply(builder, tls, parsed.stream().filter(p -> p.key().target() == ConfigKeys.Target.TLS)
                .map(p -> p.setting().source()).findFirst().orElse(""));
        for (Parsed p : failed) {
            try {
                applyOne(builder, p);
            } catch (IllegalArgumentException e) {
                throw bad(p.setting(), e);
            }
        }
    }

    private static boolean tryApply(ServerBuilder builder, Parsed p) {
        try {
            applyOne(builder, p);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void applyOne(ServerBuilder builder, Parsed p) {
        switch (p.key().target()) {
            case SERVER -> p.key().setter().accept(builder, p.value());
            case ENGINE -> builder.engine(RecordCopy.with(builder.engineConfig(), p.key().path(), p.value()));
            case TRANSPORT -> builder.editTransport(tc -> RecordCopy.with(tc, p.key().path(), p.value()));
            case TLS -> throw new IllegalStateException("tls.* keys are applied together");
        }
    }

    private static ConfigException bad(Setting s, RuntimeException e) {
        return new ConfigException(s.key(), "Bad value '" + s.value() + "' for configuration key '" + s.key() + "' ("
                + s.source() + "): " + e.getMessage(), e);
    }
}
