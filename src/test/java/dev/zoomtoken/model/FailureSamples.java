package dev.zoomtoken.model;

import java.util.List;

/** One instance of each concrete exception type of the module, for tests of other packages. */
public final class FailureSamples {

    private FailureSamples() {
    }

    public static List<ZoomUserTokenException> all() {
        return List.copyOf(FailureTest.samples().keySet());
    }
}
