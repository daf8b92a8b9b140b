package io.kubernaut.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The gateway benchmark's load driver: one HTTP/1.1 keep-alive connection that POSTs a JSON body and
 * reads the whole answer, as Alertmanager's Go client does (a persistent connection per receiver,
 * {@code Content-Length} bodies). It is real HTTP over a loopback socket, but lean: the JDK
 * HttpClient spent about 0.2 ms of CPU per request in this JVM (its selector thread, a
 * CompletableFuture chain and header maps per exchange), a cost of the benchmark, not of the
 * operator, on the same two cores. It speaks only what the benchmark needs: {@code Content-Length}
 * and chunked answers, and reconnects when the server closes the connection.
 */
final class KeepAliveClient implements AutoCloseable {

  private final InetSocketAddress address;
  private final byte[] head;
  private final byte[] line = new byte[8192];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client of {@code url} that sends every request with this bearer token. */
  KeepAliveClient(String url, String token) {
    URI uri = URI.create(url);
    this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
    this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nUser-Agent: " + ApiRequestLog.BENCH_AGENT + "\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
  }

  /** Posts {@code body} and reads the answer to its end; answers the status code. */
  int post(byte[] body) throws IOException {
    for (int attempt = 1; ; attempt++) {
      boolean fresh = socket == null;
      if (fresh) {
        connect();
      }
      try {
        // Into the socket's buffer, one flush: no request array per post.
        out.write(head);
        int digits = ascii(body.length, length);
        out.write(length, length.length - digits, digits);
        out.write(END_OF_HEAD);
        out.write(body);
        out.flush();
        return readAnswer();
      } catch (IOException e) {
        close();
        // A kept-alive connection the server closed meanwhile: send once more on a new one.
        if (fresh || attempt > 1) {
          throw e;
        }
      }
    }
  }

  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private final byte[] length = new byte[20];

  /** Writes {@code n}'s decimal digits at the end of {@code into}; answers how many. */
  private static int ascii(long n, byte[] into) {
    int at = into.length;
    do {
      into[--at] = (byte) ('0' + n % 10);
      n /= 10;
    } while (n > 0);
    return into.length - at;
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 16_384);
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16_384);
  }

  /**
   * Reads the status line, the headers and the body; closes when the server said it would. Lines are
   * read into one buffer and the few headers that matter compared there, so an answer costs the client
   * no strings (the client shares this JVM's heap with the operator it measures).
   */
  private int readAnswer() throws IOException {
    int n = readLine();
    if (n < 12 || !startsWith(n, "http/1.1 ")) {
      throw new IOException("Not an HTTP/1.1 answer: " + (n < 0 ? null : new String(line, 0, n, StandardCharsets.US_ASCII)));
    }
    int code = (int) number(9, 12, 10);
    long contentLength = -1;
    boolean chunked = false;
    boolean closing = false;
    for (n = readLine(); n > 0; n = readLine()) {
      if (startsWith(n, "content-length:")) {
        contentLength = number(15, n, 10);
      } else if (startsWith(n, "transfer-encoding:")) {
        chunked = contains(18, n, "chunked");
      } else if (startsWith(n, "connection:")) {
        closing = contains(11, n, "close");
      }
    }
    if (chunked) {
      for (long size = chunkSize(readLine()); size > 0; size = chunkSize(readLine())) {
        skip(size);
        readLine();
      }
      while (readLine() > 0) {
        // trailers
      }
    } else if (contentLength > 0) {
      skip(contentLength);
    }
    if (closing) {
      close();
    }
    return code;
  }

  /** Whether the line starts with {@code prefix}, ignoring ASCII case ({@code prefix} in lower case). */
  private boolean startsWith(int n, String prefix) {
    if (n < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(line[i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether line[from, to) contains {@code word}, ignoring ASCII case ({@code word} in lower case). */
  private boolean contains(int from, int to, String word) {
    for (int i = from; i + word.length() <= to; i++) {
      int j = 0;
      while (j < word.length() && Character.toLowerCase(line[i + j]) == word.charAt(j)) {
        j++;
      }
      if (j == word.length()) {
        return true;
      }
    }
    return false;
  }

  /** The number in line[from, to), spaces around it and anything from a ';' on (chunk extensions) ignored. */
  private long number(int from, int to, int radix) throws IOException {
    long value = 0;
    boolean any = false;
    for (int i = from; i < to && line[i] != ';'; i++) {
      int d = Character.digit(line[i], radix);
      if (d >= 0) {
        value = value * radix + d;
        any = true;
      } else if (line[i] != ' ' && line[i] != '\t') {
        throw new IOException("Not a number: " + new String(line, from, to - from, StandardCharsets.US_ASCII));
      }
    }
    if (!any) {
      throw new IOException("No number where one belongs.");
    }
    return value;
  }

  private long chunkSize(int n) throws IOException {
    if (n < 0) {
      throw new IOException("The connection ended before a chunk.");
    }
    return number(0, n, 16);
  }

  private void skip(long n) throws IOException {
    for (long left = n; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("The connection ended inside a body.");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** Reads one CRLF-terminated line into {@link #line}, without the CRLF; answers its length, -1 at the end of the stream. */
  private int readLine() throws IOException {
    int n = 0;
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        if (n == 0) {
          return -1;
        }
        throw new IOException("The connection ended inside a line.");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n == line.length) {
        throw new IOException("An answer line longer than " + line.length + " bytes.");
      }
      line[n++] = (byte) b;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
