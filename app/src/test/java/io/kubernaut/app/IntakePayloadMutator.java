package io.kubernaut.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutates the sample Alertmanager webhook and core/v1 Event into the bad inputs a gateway meets:
 * deleted, duplicated and retyped fields, truncation, flipped bytes, huge strings, deep nesting,
 * unicode (surrogate pairs, lone surrogates, NULs), thousands of labels, wrong versions, content
 * types, methods and tokens. Mutant {@code i} of seed {@code s} is always the same request.
 *
 * <p>A mutant is either wild (its validity is unknown) or invalid by construction: then its last
 * mutation is one that no earlier mutation can undo, and the gateway must refuse it with a 4xx.
 */
final class IntakePayloadMutator {

  static final String PROMETHEUS = "/api/v1/signals/prometheus";
  static final String EVENT = "/api/v1/signals/kubernetes-event";
  /** Writes nesting deeper than Jackson's default limit of 1,000, which the gateway must refuse. */
  /** The transport mutation that makes the body larger than the limit; the ones below it are cheaper. */
  private static final int OVERSIZED = 5;
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10_000).build()).build());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] UNICODE = {"\uD83D\uDD25", "\uD83D\uDC7E", "\uD800", "\uDFFF", "\u0000", "\u0001",
      "\u202E", "\u200B", "\uFEFF", "\uFFFF", "é", "警告", "\uD834\uDD1E", "\\", "\"", "\n", "\t", "%00", "{{", "'"};

  /** One request: what to send, what was done to it, and whether it is invalid by construction. */
  record Mutant(long index, String path, String method, String contentType, boolean authorized, byte[] body,
      boolean invalid, String mutations) {}

  private final long seed;
  private final int maxBodyBytes;
  private final ObjectNode webhook;
  private final ObjectNode event;

  IntakePayloadMutator(long seed, int maxBodyBytes) {
    this.seed = seed;
    this.maxBodyBytes = maxBodyBytes;
    this.webhook = (ObjectNode) fixture("alertmanager/crashlooping-firing.json");
    this.event = (ObjectNode) fixture("kubernetes-events/backoff-warning.json");
  }

  /** The mutant with this index; about 2% are the unmutated samples, as a control. */
  Mutant mutant(long index) {
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + index);
    boolean prometheus = random.nextInt(10) < 7;
    Draft draft = new Draft(index, prometheus, (prometheus ? webhook : event).deepCopy(), random);
    int roll = random.nextInt(100);
    if (roll < 2) {
      draft.note("unmutated");
    } else {
      int wild = 1 + random.nextInt(3);
      for (int i = 0; i < wild; i++) {
        wildTreeMutation(draft);
      }
      if (roll < 45) {
        return draft.finish(this, false);
      }
      invalidMutation(draft);
    }
    return draft.finish(this, roll < 2 ? false : draft.invalid);
  }

  private static JsonNode fixture(String path) {
    try (InputStream in = IntakePayloadMutator.class.getResourceAsStream("/fixtures/" + path)) {
      return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mutation whose validity is unknown: the gateway may accept or refuse, but never fail. */
  private static void wildTreeMutation(Draft d) {
    Random r = d.random;
    List<Slot> slots = Slot.all(d.root);
    Slot slot = slots.get(r.nextInt(slots.size()));
    switch (r.nextInt(12)) {
      case 0 -> d.note("delete " + slot.remove());
      case 1 -> d.note("retype " + slot.set(randomValue(r, 0)));
      case 2 -> d.note("huge string at " + slot.set(NODES.textNode(repeat(r, 1 + r.nextInt(r.nextInt(4) == 0 ? 20_000 : 2_000)))));
      case 3 -> d.note("nested " + slot.set(nested(r, 1 + r.nextInt(1_500))));
      case 4 -> d.note("unicode at " + slot.set(NODES.textNode(unicode(r, 1 + r.nextInt(40)))));
      case 5 -> d.note("unicode key in " + slot.addUnicodeKey(r));
      case 6 -> d.note("number for string at " + slot.set(NODES.numberNode(r.nextInt() * (r.nextBoolean() ? 1.5 : 1))));
      case 7 -> d.note("array for object at " + slot.set(NODES.arrayNode().add(randomValue(r, 2))));
      case 8 -> labelsOfOneAlert(d, r.nextInt(r.nextInt(4) == 0 ? 2_000 : 300));
      case 9 -> d.note("alerts repeated " + repeatAlerts(d.root, r.nextInt(10) == 0 ? 1 + r.nextInt(100) : 1 + r.nextInt(10)));
      case 10 -> {
        String status = r.nextBoolean() ? "resolved" : "firing";
        d.root.put("status", status);
        d.note("status " + status);
      }
      default -> d.note("empty labels on one alert " + emptyLabelsOnOne(d.root, r));
    }
  }

  /** The last mutation of an invalid-by-construction mutant: nothing the wild ones did can undo it. */
  private void invalidMutation(Draft d) {
    Random r = d.random;
    d.invalid = true;
    if (r.nextInt(40) == 0) {
      d.transportOrByteMutation = OVERSIZED;
      return;
    }
    int kind = r.nextInt(d.prometheus ? 13 : 10);
    if (kind < OVERSIZED) {
      d.transportOrByteMutation = kind;
    } else if (d.prometheus) {
      webhookInvalid(d, kind - OVERSIZED);
    } else {
      eventInvalid(d, kind - OVERSIZED);
    }
  }

  private static void webhookInvalid(Draft d, int kind) {
    Random r = d.random;
    ObjectNode root = d.root;
    switch (kind) {
      case 0 -> {
        root.remove("version");
        d.note("version removed");
      }
      case 1 -> {
        String version = pick(r, "3", "5", "", " 4", "4.0", "v4", "4\u0000", "\u0664", "04");
        root.put("version", version);
        d.note("version '" + version + "'");
      }
      case 2 -> {
        int how = r.nextInt(4);
        switch (how) {
          case 0 -> root.remove("alerts");
          case 1 -> root.putArray("alerts");
          case 2 -> root.put("alerts", "many");
          default -> root.putObject("alerts").put("0", "x");
        }
        d.note("alerts unusable (" + how + ")");
      }
      case 3 -> {
        eachAlert(root, a -> a.putObject("labels").put("pod", "p"));
        if (root.get("commonLabels") instanceof ObjectNode common) {
          common.remove("alertname");
        }
        d.note("no alertname anywhere");
      }
      case 4 -> {
        int n = 257 + r.nextInt(3_000);
        ObjectNode common = root.putObject("commonLabels");
        for (int i = 0; i < n; i++) {
          common.put("kubernaut_fuzz_" + i, "v");
        }
        d.note(n + " common labels, so every alert has too many");
      }
      case 5 -> {
        String status = pick(r, "pending", "FIRING", "", "fire", "resolved ", "\u0000");
        root.put("status", status);
        eachAlert(root, a -> a.put("status", status));
        d.note("status '" + status + "' everywhere");
      }
      case 6 -> {
        String huge = repeat(r, 16 * 1024 + 1 + r.nextInt(20_000));
        root.putObject("commonAnnotations").put("kubernaut_fuzz", huge);
        d.note("common annotation of " + huge.length() + " chars, so every alert has one too long");
      }
      default -> {
        String when = pick(r, "yesterday", "2026-13-45T10:00:00Z", "0", "now", "2026-11-20 10:00:00");
        eachAlert(root, a -> a.put("startsAt", when));
        d.note("startsAt '" + when + "' on every alert");
      }
    }
  }

  private static void eventInvalid(Draft d, int kind) {
    Random r = d.random;
    ObjectNode root = d.root;
    switch (kind) {
      case 0 -> {
        String type = pick(r, "Normal", "warning", "", "Info", "WARNING");
        root.put("type", type);
        d.note("type '" + type + "'");
      }
      case 1 -> {
        root.remove("type");
        d.note("type removed");
      }
      case 2 -> {
        if (r.nextBoolean()) {
          root.remove("reason");
        } else {
          root.put("reason", "  ");
        }
        d.note("reason removed or blank");
      }
      case 3 -> {
        if (r.nextBoolean() || !(root.get("involvedObject") instanceof ObjectNode involved)) {
          root.remove("involvedObject");
          d.note("involvedObject removed");
        } else if (r.nextBoolean()) {
          involved.put("name", "");
          d.note("involvedObject.name blank");
        } else {
          involved.remove("kind");
          d.note("involvedObject.kind removed");
        }
      }
      default -> {
        int n = 16 * 1024 + 1 + r.nextInt(20_000);
        root.put("message", repeat(r, n));
        d.note("message of " + n + " chars");
      }
    }
  }

  private static void eachAlert(ObjectNode root, java.util.function.Consumer<ObjectNode> change) {
    if (root.get("alerts") instanceof ArrayNode alerts) {
      alerts.forEach(a -> {
        if (a instanceof ObjectNode alert) {
          change.accept(alert);
        }
      });
    }
  }

  private static void labelsOfOneAlert(Draft d, int n) {
    if (d.root.get("alerts") instanceof ArrayNode alerts && alerts.size() > 0
        && alerts.get(d.random.nextInt(alerts.size())) instanceof ObjectNode alert
        && alert.get("labels") instanceof ObjectNode labels) {
      for (int i = 0; i < n; i++) {
        labels.put("extra_" + i, "v" + i);
      }
      d.note(n + " extra labels on one alert");
    } else {
      d.note("no alert to label");
    }
  }

  private static int repeatAlerts(ObjectNode root, int times) {
    if (root.get("alerts") instanceof ArrayNode alerts && alerts.size() > 0) {
      JsonNode first = alerts.get(0);
      for (int i = 1; i < times; i++) {
        alerts.add(first.deepCopy());
      }
      return alerts.size();
    }
    return 0;
  }

  private static String emptyLabelsOnOne(ObjectNode root, Random r) {
    if (root.get("alerts") instanceof ArrayNode alerts && alerts.size() > 0
        && alerts.get(r.nextInt(alerts.size())) instanceof ObjectNode alert) {
      alert.putObject("labels");
      return "done";
    }
    return "skipped";
  }

  private static JsonNode randomValue(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 5 : 7)) {
      case 0 -> NODES.numberNode(r.nextLong());
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> NODES.nullNode();
      case 3 -> NODES.numberNode(r.nextDouble() * 1e300);
      case 4 -> NODES.textNode(unicode(r, r.nextInt(10)));
      case 5 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          array.add(randomValue(r, depth + 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          object.set("k" + r.nextInt(100), randomValue(r, depth + 1));
        }
        yield object;
      }
    };
  }

  private static JsonNode nested(Random r, int depth) {
    JsonNode node = NODES.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = r.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
    }
    return node;
  }

  private static String unicode(Random r, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      sb.append(UNICODE[r.nextInt(UNICODE.length)]);
    }
    return sb.toString();
  }

  private static String repeat(Random r, int length) {
    char[] chars = new char[length];
    Arrays.fill(chars, (char) ('a' + r.nextInt(26)));
    return new String(chars);
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /**
   * A place in the JSON tree that holds a value: a field of an object or an element of an array.
   * Only the first {@link #MAX_DEPTH} levels are places, so deep nesting is not nested again.
   */
  private record Slot(JsonNode parent, String field, int index, String where) {

    static final int MAX_DEPTH = 6;

    static List<Slot> all(ObjectNode root) {
      List<Slot> slots = new ArrayList<>();
      collect(root, "", 0, slots);
      return slots;
    }

    private static void collect(JsonNode node, String where, int depth, List<Slot> slots) {
      if (depth >= MAX_DEPTH) {
        return;
      }
      if (node instanceof ObjectNode object) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
          String path = where + "." + e.getKey();
          slots.add(new Slot(object, e.getKey(), -1, path));
          collect(e.getValue(), path, depth + 1, slots);
        }
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < Math.min(array.size(), 3); i++) {
          slots.add(new Slot(array, null, i, where + "[" + i + "]"));
          collect(array.get(i), where + "[" + i + "]", depth + 1, slots);
        }
      }
    }

    String remove() {
      if (parent instanceof ObjectNode object) {
        object.remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
      return where;
    }

    String set(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
      return where;
    }

    String addUnicodeKey(Random r) {
      if (parent instanceof ObjectNode object) {
        object.put(unicode(r, 1 + r.nextInt(6)), unicode(r, r.nextInt(6)));
      }
      return where;
    }
  }

  /** A mutant being built. */
  private static final class Draft {
    final long index;
    final boolean prometheus;
    final ObjectNode root;
    final Random random;
    final StringBuilder notes = new StringBuilder();
    boolean invalid;
    int transportOrByteMutation = -1;

    Draft(long index, boolean prometheus, ObjectNode root, Random random) {
      this.index = index;
      this.prometheus = prometheus;
      this.root = root;
      this.random = random;
    }

    void note(String what) {
      notes.append(notes.length() == 0 ? "" : "; ").append(what);
    }

    Mutant finish(IntakePayloadMutator mutator, boolean invalidByConstruction) {
      byte[] body = serialize();
      String method = "POST";
      String contentType = "application/json";
      boolean authorized = true;
      if (!invalidByConstruction) {
        if (random.nextInt(4) == 0) {
          body = wildBytes(body);
        }
        if (random.nextInt(20) == 0) {
          contentType = pick(random, "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.kubernaut+json");
          note("content type " + contentType);
        }
      } else {
        switch (transportOrByteMutation) {
          case 0 -> {
            contentType = pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "text/json", "");
            note("content type '" + contentType + "'");
          }
          case 1 -> {
            method = pick(random, "GET", "PUT", "DELETE", "PATCH");
            note("method " + method);
          }
          case 2 -> {
            authorized = false;
            note("no token");
          }
          case 3 -> {
            int cut = random.nextInt(body.length);
            body = Arrays.copyOf(body, cut);
            note("truncated to " + cut + " bytes");
          }
          case 4 -> {
            body = pick(random, "[]", "42", "\"text\"", "true", "null", "[{}]").getBytes(StandardCharsets.UTF_8);
            note("body " + new String(body, StandardCharsets.UTF_8));
          }
          case OVERSIZED -> {
            int pad = mutator.maxBodyBytes + 1 + random.nextInt(64 * 1024);
            root.put("padding", repeat(random, pad));
            body = serialize();
            note("body of " + body.length + " bytes");
          }
          default -> { }
        }
      }
      return new Mutant(index, prometheus ? PROMETHEUS : EVENT, method, contentType, authorized, body,
          invalidByConstruction || body.length > mutator.maxBodyBytes, notes.toString());
    }

    /** The tree as JSON; Jackson escapes surrogates, so half the time the pairs are written as raw UTF-8. */
    private byte[] serialize() {
      try {
        String text = new String(JSON.writeValueAsBytes(root), StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
          text = text.replace("\\uD83D\\uDD25", "\uD83D\uDD25").replace("\\uD834\\uDD1E", "\uD834\uDD1E");
        }
        return text.getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Flipped bits and duplicated fields on the serialised text. */
    private byte[] wildBytes(byte[] body) {
      if (random.nextBoolean()) {
        byte[] flipped = body.clone();
        int flips = 1 + random.nextInt(5);
        for (int i = 0; i < flips; i++) {
          flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        note(flips + " bits flipped");
        return flipped;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      List<String> keys = new ArrayList<>();
      root.fieldNames().forEachRemaining(keys::add);
      String key = keys.isEmpty() ? "version" : keys.get(random.nextInt(keys.size()));
      String duplicate = "\"" + key + "\":" + randomValue(random, 0);
      boolean first = random.nextBoolean();
      note("duplicate field " + key + (first ? " first" : " last"));
      String result = first
          ? "{" + duplicate + "," + text.substring(1)
          : text.substring(0, text.length() - 1) + "," + duplicate + "}";
      return result.getBytes(StandardCharsets.UTF_8);
    }
  }
}
