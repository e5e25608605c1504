package io.credence.rules.service.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.InMemoryAuditLog;
import io.credence.rules.service.ServiceFixture;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service over HTTPS for real: a self-signed certificate made by keytool, served from its PEM
 * files; decisions over HTTPS, {@code Strict-Transport-Security} on every answer, TLS 1.2 and 1.3
 * negotiated, TLS 1.1 refused.
 */
class HttpsServiceTest {

    @TempDir
    static Path dir;
    static SelfSignedCertificate certificate;
    static ServiceRuntime service;
    static int port;
    static HttpClient client;

    @BeforeAll
    static void startOverHttps() throws Exception {
        certificate = SelfSignedCertificate.make(dir.resolve("tls"), "RSA");
        ServiceFixture.writeCreditDefault(dir.resolve("models"));
        port = freePort();
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.models.trusted-keys", io.credence.plugin.testing.TestSigning.trustedKeysDir(dir).toString());
        s.put("credence.execution-provider", "cpu");
        s.put("credence.tls.cert", certificate.certPem().toString());
        s.put("credence.tls.key", certificate.keyPem().toString());
        InMemoryAuditLog audit = new InMemoryAuditLog();
        service = ServiceRuntime.start(ServiceSettings.load(s, Map.of()), store -> audit);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(certificate.trustingContext()).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI https(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    @Test
    void decidesAnApplicationPostedOverHttpsAndAsksForHttpsFromThenOn() throws Exception {
        HttpResponse<String> ok = send(HttpRequest.newBuilder(https("/api/v1/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("TLS-1", 0.1))));

        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"decision\":\"APPROVE\""), ok.body());
        assertEquals(List.of(StrictTransportSecurity.VALUE), ok.headers().allValues(StrictTransportSecurity.HEADER));
        assertEquals("max-age=31536000", StrictTransportSecurity.VALUE);
    }

    @Test
    void everyAnswerCarriesStrictTransportSecurity() throws Exception {
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("invalid application", send(HttpRequest.newBuilder(https("/api/v1/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]"))));
        answers.put("unknown decision", send(HttpRequest.newBuilder(https("/api/v1/decisions/no-such-id")).GET()));
        answers.put("unknown path", send(HttpRequest.newBuilder(https("/nowhere")).GET()));
        answers.put("health", send(HttpRequest.newBuilder(https("/health/ready")).GET()));
        answers.put("audit page", send(HttpRequest.newBuilder(https("/audit")).GET()));
        answers.put("body beyond the server's cap", send(HttpRequest.newBuilder(https("/api/v1/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 64 * 1024]))));

        assertEquals(400, answers.get("invalid application").statusCode());
        assertEquals(404, answers.get("unknown decision").statusCode());
        assertEquals(404, answers.get("unknown path").statusCode());
        assertEquals(200, answers.get("health").statusCode());
        assertEquals(200, answers.get("audit page").statusCode());
        assertEquals(413, answers.get("body beyond the server's cap").statusCode());
        answers.forEach((what, answer) -> assertEquals(List.of(StrictTransportSecurity.VALUE),
                answer.headers().allValues(StrictTransportSecurity.HEADER), what));
    }

    @Test
    void negotiatesTls12AndTls13() throws Exception {
        assertEquals("TLSv1.2", handshake("TLSv1.2"));
        assertEquals("TLSv1.3", handshake("TLSv1.3"));
    }

    @Test
    void refusesAClientThatOffersOnlyTls11() throws Exception {
        // The JDK's client refuses to offer TLS 1.1 itself (jdk.tls.disabledAlgorithms) ...
        assertThrows(SSLException.class, () -> handshake("TLSv1.1"));
        // ... so the server is asked by hand: a TLS 1.1 ClientHello is answered with an alert or a
        // closed connection, never with a ServerHello.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            InputStream in = socket.getInputStream();
            int contentType = in.read();
            assertNotEquals(22, contentType, "the server answered a TLS 1.1 ClientHello with a handshake record");
            if (contentType != -1) {
                assertEquals(21, contentType, "expected an alert record or a closed connection");
                DataInputStream record = new DataInputStream(in);
                record.readUnsignedShort();                 // record version
                record.readUnsignedShort();                 // length
                assertEquals(2, record.readUnsignedByte()); // fatal
            }
        }
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(java.time.Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Handshakes with only {@code protocol} enabled; the protocol negotiated. */
    private static String handshake(String protocol) throws Exception {
        SSLContext context = certificate.trustingContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    /** A TLS 1.1 ClientHello (RFC 4346) with common CBC suites, the P-256/P-384 groups and uncompressed points. */
    private static byte[] tls11ClientHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        int[] suites = {0xC013, 0xC014, 0xC009, 0xC00A, 0x002F, 0x0035};
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18,   // supported_groups: secp256r1, secp384r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00                            // ec_point_formats: uncompressed
        };
        ByteBuffer body = ByteBuffer.allocate(512);
        body.put((byte) 0x03).put((byte) 0x02);                          // client_version TLS 1.1
        body.put(random);
        body.put((byte) 0);                                              // no session id
        body.putShort((short) (suites.length * 2));
        for (int suite : suites) {
            body.putShort((short) suite);
        }
        body.put((byte) 1).put((byte) 0);                                // compression: null
        body.putShort((short) extensions.length).put(extensions);
        int bodyLength = body.position();
        ByteBuffer record = ByteBuffer.allocate(bodyLength + 9);
        record.put((byte) 22).put((byte) 0x03).put((byte) 0x02).putShort((short) (bodyLength + 4));
        record.put((byte) 1).put((byte) (bodyLength >>> 16)).put((byte) (bodyLength >>> 8)).put((byte) bodyLength);
        record.put(body.array(), 0, bodyLength);
        return record.array();
    }
}
