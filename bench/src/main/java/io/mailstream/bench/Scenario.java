package io.mailstream.bench;

import java.util.Map;

/** One benchmark: run once, measured; the harness repeats it and takes medians. */
interface Scenario {

    /** The outcome of one run: named figures, and how many units (messages, sessions) they cover. */
    record Measurement(Map<String, Double> metrics, long units) {
    }

    String name();

    /** What one unit is, for "server CPU per unit": message or session. */
    String unit();

    /** The parameters, as reported. */
    Map<String, Object> params();

    Measurement runOnce() throws Exception;
}
