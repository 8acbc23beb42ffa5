package dev.celeris.router;

/** Runs a request through a router, as the engine would, and returns the recorded response. */
public final class Calls {

    private Calls() {
    }

    public static FakeResponse call(Router router, FakeRequest request) throws Exception {
        FakeResponse response = new FakeResponse("HEAD".equals(request.method()));
        router.handle(request, response);
        return response;
    }

    public static FakeResponse call(Router router, String method, String target) throws Exception {
        return call(router, FakeRequest.of(method, target));
    }
}
