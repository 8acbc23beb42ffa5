# The load scenarios, sourced by benchmarks/run.sh and benchmarks/profile.sh: one case line each.
# scenario NAME sets `path` and `opts` (extra h2load arguments; "$payload" is the caller's 1 KiB
# JSON file); `kind` names the listener ("http" = the server's `listening NAME PORT` line; another
# kind K reads a `listening-K NAME PORT` line and is skipped on servers that print none) and
# `scheme` the URL scheme; `client` the load generator (h2load, or ws: benchmarks' WsLoad, which
# takes h2load's -c/-m/-D/--log-file and prints its summary lines).
scenario() {
  opts=(); kind=http; scheme=http; client=h2load
  case "$1" in
    hello)    path=/ ;;
    json)     path=/json ;;
    params)   path=/users/123/posts/456 ;;
    echo)     path=/echo; opts=(-d "$payload" -H 'content-type: application/json') ;;
    download) path='/download?bytes=1048576' ;;
    h1-hello) path=/; opts=(--h1) ;;
    tls-hello) path=/; kind=tls; scheme=https ;;          # h2 by ALPN over TLS, keep-alive
    tls-h1-hello) path=/; kind=tls; scheme=https; opts=(--h1) ;;
    # WebSocket (RFC 6455 over HTTP/1.1): -c connections, -m messages in flight per connection
    ws-echo-32)   path=/ws/echo; kind=ws; scheme=ws; client=ws; opts=(--size 32) ;;
    ws-echo-1k)   path=/ws/echo; kind=ws; scheme=ws; client=ws; opts=(--size 1024) ;;
    # -c subscribers, one publisher at most -m messages ahead of the slowest; req/s = deliveries/s
    ws-broadcast) path=/ws/sub; kind=ws; scheme=ws; client=ws; opts=(--size 32 --publish /ws/pub) ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}
