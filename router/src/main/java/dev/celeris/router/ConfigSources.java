package dev.celeris.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** Reads configuration settings from a properties or YAML file and from {@code CELERIS_*} environment variables. */
final class ConfigSources {

    private static final System.Logger LOG = System.getLogger(ConfigSources.class.getName());

    /** One configured value and where it came from (for error messages). */
    record Setting(String key, String value, String source) {
    }

    private ConfigSources() {
    }

    /** The settings of a {@code .properties}, {@code .yaml} or {@code .yml} file. */
    static List<Setting> file(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String source = "file " + file;
        if (!Files.isRegularFile(file)) throw new ConfigException(null, "Configuration file not found: " + file);
        Map<String, String> flat = new TreeMap<>();
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(k -> flat.put(k, p.getProperty(k)));
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                try (InputStream in = Files.newInputStream(file)) {
                    flatten("", yaml(in, file), flat);
                }
            } else {
                throw new ConfigException(null, "Configuration file " + file + ": expected a .properties, .yaml or .yml file");
            }
        } catch (IOException e) {
            throw new ConfigException(null, "Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        List<Setting> settings = new ArrayList<>();
        flat.forEach((k, v) -> settings.add(new Setting(k, v, source)));
        return settings;
    }

    private static Object yaml(InputStream in, Path file) {
        try {
            return YamlReader.read(in);
        } catch (NoClassDefFoundError e) {
            throw new ConfigException(null, "Reading YAML (" + file + ") needs org.snakeyaml:snakeyaml-engine on the "
                    + "class path; add it, or use a .properties file");
        } catch (RuntimeException e) {
            throw new ConfigException(null, "Configuration file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node == null) return;
        if (node instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            out.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
        } else {
            out.put(prefix, String.valueOf(node));
        }
    }

    /**
     * The settings among {@code CELERIS_*} variables. The environment is shared with other tools
     * (deploy scripts use {@code CELERIS_LB_*}, benchmarks {@code CELERIS_BENCH_*}), so a variable
     * that names no key is ignored: silently outside the key sections, with a WARNING inside one
     * ({@code CELERIS_HTTP2_MAX_STREAMS} is a typo worth hearing about).
     */
    static List<Setting> environment(Map<String, String> env) {
        Map<String, String> byEnvName = new HashMap<>();
        Set<String> sections = new HashSet<>();
        ConfigKeys.ALL.values().forEach(k -> {
            byEnvName.put(k.envName(), k.name());
            sections.add(ConfigKeys.Key.envName(k.name().substring(0, k.name().indexOf('.'))) + "_");
        });
        List<Setting> settings = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith("CELERIS_")) return;
            String key = byEnvName.get(name);
            if (key == null) {
                if (sections.stream().anyMatch(name::startsWith)) {
                    LOG.log(System.Logger.Level.WARNING, "Ignoring environment variable {0}: it names no Celeris configuration key", name);
                }
            } else {
                settings.add(new Setting(key, value, "environment variable " + name));
            }
        });
        return settings;
    }

    /** Settings given as a map, e.g. by an application's own configuration source. */
    static List<Setting> map(Map<String, String> values, String source) {
        List<Setting> settings = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> settings.add(new Setting(k, v, source)));
        return settings;
    }
}
