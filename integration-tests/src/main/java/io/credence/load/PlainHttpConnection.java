package io.credence.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket, for one load-client thread: it writes
 * {@code POST /api/v1/decisions} and reads the status, the decision-id header and the body
 * (Content-Length or chunked). It exists so that the load harness spends its share of the CPU on
 * sending and reading bytes, not on a general-purpose client: {@link java.net.http.HttpClient}
 * used about 40 % of the machine's CPU at 1,400 requests/s (docs/benchmarks.md). Not thread-safe.
 */
final class PlainHttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final String path;
    private final String authorization;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PlainHttpConnection(URI base) {
        this(base, DecisionClient.DECISIONS, null);
    }

    /** A connection that posts to {@code path}, with {@code Authorization: Bearer <bearer>} unless it is null. */
    PlainHttpConnection(URI base, String path, String bearer) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.path = path;
        this.authorization = bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n";
    }

    /** {@code POST} to the path with {@code Content-Type: application/json}. */
    DecisionClient.Reply post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + authorization
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        long start = System.nanoTime();
        if (socket == null) {
            connect();
        }
        try {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(start);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private DecisionClient.Reply read(long start) throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String decisionId = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                case "x-credence-decision-id" -> decisionId = value;
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                all.write(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            body = all.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("the response ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        long nanos = System.nanoTime() - start;
        if (closeAfter) {
            close();
        }
        return new DecisionClient.Reply(code, new String(body, StandardCharsets.UTF_8), decisionId, nanos);
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the connection closed inside a response");
            }
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that already failed
            }
            socket = null;
        }
    }
}
