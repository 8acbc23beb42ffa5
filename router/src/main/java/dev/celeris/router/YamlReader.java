package dev.celeris.router;

import java.io.InputStream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The one class that touches snakeyaml-engine (an optional dependency): loaded only for YAML files. */
final class YamlReader {

    private YamlReader() {
    }

    static Object read(InputStream in) {
        return new Load(LoadSettings.builder().setLabel("celeris configuration").build()).loadFromInputStream(in);
    }
}
