package io.kubernaut.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * fabric8's serialization, reading JSON straight from what it is handed. fabric8 7.5 parses every
 * watch event (a {@code String}) by copying it into a byte array, and every answer of the API server
 * (a byte array) through a new 8 KiB {@code BufferedInputStream}, only to peek at the first character
 * (JSON or YAML). In an allocation profile of the cluster-mode gateway (2026-12-05) those buffers were
 * 22% of the operator's bytes allocated, and the string copies 2%: garbage per event that the
 * collector then had to sweep. Here a JSON text is handed to Jackson as it is: a watch event's string,
 * an answer's byte array (its stream peeked, then reset). YAML, and any other stream, take fabric8's
 * own path. The parse itself, its mapper and its deserialisers are fabric8's, unchanged.
 */
final class DirectUnmarshaller extends KubernetesSerialization {

  private final ObjectMapper mapper;

  /** One on a mapper of its own, with fabric8's configuration only (the embedded server's client: no interning). */
  static KubernetesSerialization plain() {
    return new DirectUnmarshaller(new ObjectMapper());
  }

  /** @param mapper configured by fabric8 as for its own serialization ({@link #configureMapper}) */
  DirectUnmarshaller(ObjectMapper mapper) {
    super(mapper, true);
    this.mapper = mapper;
  }

  @Override
  public <T> T unmarshal(String str, Class<T> type) {
    if (!isJson(firstNonWhitespace(str))) {
      return super.unmarshal(str, type);
    }
    try {
      return mapper.readerFor(type).readValue(str);
    } catch (IOException e) {
      throw KubernetesClientException.launderThrowable(e);
    }
  }

  @Override
  public <T> T unmarshal(InputStream is, TypeReference<T> type) {
    if (!(is instanceof ByteArrayInputStream bytes)) {
      return super.unmarshal(is, type);
    }
    bytes.mark(0);
    int first;
    do {
      first = bytes.read();
    } while (first > -1 && Character.isWhitespace(first));
    bytes.reset();
    if (!isJson(first)) {
      return super.unmarshal(bytes, type);
    }
    try {
      return mapper.readerFor(type).readValue(bytes);
    } catch (IOException e) {
      throw KubernetesClientException.launderThrowable(e);
    }
  }

  private static boolean isJson(int first) {
    return first == '{' || first == '[';
  }

  private static int firstNonWhitespace(String str) {
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c;
      }
    }
    return -1;
  }
}
