package dev.celeris.router;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A parsed {@code multipart/form-data} body: its parts in order, with lookups by name. */
public record MultipartForm(List<FormPart> parts) {

    public MultipartForm {
        parts = List.copyOf(parts);
    }

    /** The first part called {@code name}, or null. */
    public FormPart part(String name) {
        for (FormPart p : parts) {
            if (p.name().equals(name)) return p;
        }
        return null;
    }

    /** The text of the first non-file field called {@code name}, or null. */
    public String value(String name) {
        for (FormPart p : parts) {
            if (p.name().equals(name) && !p.isFile()) return p.text();
        }
        return null;
    }

    /** Texts of every non-file field called {@code name}. */
    public List<String> values(String name) {
        return parts.stream().filter(p -> p.name().equals(name) && !p.isFile()).map(FormPart::text).toList();
    }

    /** The first uploaded file in field {@code name}, or null. */
    public FormPart file(String name) {
        for (FormPart p : parts) {
            if (p.name().equals(name) && p.isFile()) return p;
        }
        return null;
    }

    /** Every uploaded file. */
    public List<FormPart> files() {
        return parts.stream().filter(FormPart::isFile).toList();
    }

    /** Non-file fields as name → values. */
    public Map<String, List<String>> fields() {
        return parts.stream().filter(p -> !p.isFile()).collect(Collectors.groupingBy(FormPart::name,
                java.util.LinkedHashMap::new, Collectors.mapping(FormPart::text, Collectors.toList())));
    }
}
