package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's files, as the tests read them: paths from its root, YAML and JSON parsed into trees. */
final class Repo {

    /** The four services: module folder = container name = Kubernetes app name = compose service. */
    static final List<String> SERVICES = List.of("smtp-ingress", "relay-service", "delivery-service", "mailbox-api");

    static final Path ROOT = Path.of(System.getProperty("mailstream.root", "..")).toAbsolutePath().normalize();

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new JsonMapper();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static JsonNode yaml(String relative) {
        return yamlText(read(relative));
    }

    /** YAML with anchors, aliases and {@code <<} merge keys resolved (as docker compose reads it). */
    static JsonNode yamlResolved(String relative) {
        Object tree = new org.yaml.snakeyaml.Yaml().load(read(relative));
        return JSON.valueToTree(tree);
    }

    static JsonNode yamlText(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML stream, empty documents left out. */
    static List<JsonNode> yamlDocuments(String text) {
        try (var parser = new YAMLFactory().createParser(text)) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    documents.add(d);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(read(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main Java sources under a module, e.g. {@code smtp-ingress}. */
    static List<Path> javaSources(String module) {
        Path dir = path(module + "/src/main/java");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Iterates a JSON array node, or nothing when the node is absent. */
    static Iterable<JsonNode> each(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? List.of() : node::elements;
    }
}
