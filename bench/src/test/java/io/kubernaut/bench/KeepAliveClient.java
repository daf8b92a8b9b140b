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
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(body, 0, request, head.length + length.length, body.length);
        out.write(request);
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

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 16_384);
    out = socket.getOutputStream();
  }

  /** Reads the status line, the headers and the body; closes when the server said it would. */
  private int readAnswer() throws IOException {
    String status = readLine();
    if (status == null || !status.startsWith("HTTP/1.1 ")) {
      throw new IOException("Not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closing = value.equalsIgnoreCase("close");
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
          size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
        skip(size);
        readLine();
      }
      while (!readLine().isEmpty()) {
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

  /** One CRLF-terminated line, without the CRLF; null at the end of the stream. */
  private String readLine() throws IOException {
    int n = 0;
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        if (n == 0) {
          return null;
        }
        throw new IOException("The connection ended inside a line.");
      }
      if (b == '\n') {
        return new String(line, 0, n > 0 && line[n - 1] == '\r' ? n - 1 : n, StandardCharsets.US_ASCII);
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
