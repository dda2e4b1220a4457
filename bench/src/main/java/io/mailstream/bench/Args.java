package io.mailstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options: {@code --name value} pairs (or {@code --flag}) and positional words. */
final class Args {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    options.put(name, argv[++i]);
                } else {
                    options.put(name, "true");
                }
            } else {
                positional.add(a);
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    String get(String name, String def) {
        return options.getOrDefault(name, def);
    }

    int getInt(String name, int def) {
        return Integer.parseInt(get(name, Integer.toString(def)));
    }

    boolean getBool(String name, boolean def) {
        return Boolean.parseBoolean(get(name, Boolean.toString(def)));
    }

    boolean has(String name) {
        return options.containsKey(name);
    }
}
