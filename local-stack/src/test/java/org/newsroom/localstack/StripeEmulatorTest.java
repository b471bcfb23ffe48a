package org.newsroom.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.StripeClient;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Payout;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.PayoutListParams;
import com.stripe.param.RefundCreateParams;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.stripe.StripeEmulator;

/** The emulator behaves as Stripe does where the donation service depends on it. */
class StripeEmulatorTest {

    private static final String KEY = "sk_test_emulator";
    private static final String WEBHOOK_SECRET = "whsec_emulator";
    private static final String SESSION = "mode=payment&success_url=http%3A%2F%2Flocalhost%2Fok&cancel_url=http%3A%2F%2Flocalhost%2Fno"
            + "&client_reference_id=ctb_1&line_items%5B0%5D%5Bquantity%5D=1"
            + "&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=100"
            + "&payment_intent_data%5Bmetadata%5D%5Bcontribution_id%5D=ctb_1";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final BlockingQueue<String[]> deliveries = new ArrayBlockingQueue<>(50);
    private final AtomicInteger refusalsLeft = new AtomicInteger(1);
    private HttpServer receiver;
    private StripeEmulator emulator;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first delivery is refused: the emulator must deliver again, as Stripe does.
            int status = refusalsLeft.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                deliveries.add(new String[] {exchange.getRequestHeaders().getFirst("Stripe-Signature"), body});
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        emulator = StripeEmulator.start("localhost", port, KEY,
                "http://localhost:" + receiver.getAddress().getPort() + "/hooks", WEBHOOK_SECRET);
    }

    @AfterEach
    void stop() {
        emulator.close();
        receiver.stop(0);
    }

    private HttpResponse<String> createSession(String apiKey, String idempotencyKey, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/checkout/sessions"))
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anIdempotencyKeyReplaysTheSameSessionAndRefusesOtherParameters() throws Exception {
        HttpResponse<String> first = createSession(KEY, "k1", SESSION);
        HttpResponse<String> again = createSession(KEY, "k1", SESSION);
        HttpResponse<String> changed = createSession(KEY, "k1", SESSION.replace("unit_amount%5D=100", "unit_amount%5D=200"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(changed.statusCode()).isEqualTo(400);
        assertThat(changed.body()).contains("\"type\":\"idempotency_error\"");
        assertThat(createSession("sk_test_wrong", "k2", SESSION).statusCode()).isEqualTo(401);
        assertThat(createSession(KEY, "k3", "mode=payment").body()).contains("\"param\":\"success_url\"");
    }

    @Test
    void payingWithTheTestCardRedirectsAndDeliversASignedWebhookAgainAfterARefusal() throws Exception {
        String body = createSession(KEY, "k4", SESSION).body();
        String url = body.replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("card=4242+4242+4242+4242")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location")).hasValue("http://localhost/ok");
        String[] delivery = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        String timestamp = delivery[0].replaceAll("t=(\\d+),v1=.*", "$1");
        String v1 = delivery[0].replaceAll(".*v1=([0-9a-f]+)", "$1");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(v1).isEqualTo(HexFormat.of().formatHex(mac.doFinal((timestamp + "." + delivery[1])
                .getBytes(StandardCharsets.UTF_8))));
        assertThat(delivery[1]).contains("\"type\":\"checkout.session.completed\"", "\"payment_status\":\"paid\"",
                "\"client_reference_id\":\"ctb_1\"", "\"api_version\":\"2026-07-29.dahlia\"");
    }

    private String payAndTakeItsPaymentIntent(String idempotencyKey, String session) throws Exception {
        refusalsLeft.set(0); // events in the order they happened
        String url = createSession(KEY, idempotencyKey, session).body().replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("card=4242424242424242")).build(),
                HttpResponse.BodyHandlers.ofString());
        return nextEvent("checkout.session.completed").replaceAll(".*\"payment_intent\":\"(pi_[0-9a-f]+)\".*", "$1");
    }

    private String nextEvent(String type) throws InterruptedException {
        String[] delivery = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).as("a " + type + " event").isNotNull();
        assertThat(delivery[1]).contains("\"type\":\"" + type + "\"");
        return delivery[1];
    }

    private StripeClient sdk() {
        return StripeClient.builder().setApiKey(KEY).setApiBase(emulator.baseUrl()).build();
    }

    @Test
    void refundsArePartialOrFullOnceAndPayoutsSweepTheBalanceTheirTransactionsExplain() throws Exception {
        String paymentIntent = payAndTakeItsPaymentIntent("k5", SESSION.replace("unit_amount%5D=100", "unit_amount%5D=1000"));
        StripeClient stripe = sdk();
        RequestOptions once = RequestOptions.builder().setIdempotencyKey("refund-1").build();
        RefundCreateParams partial = RefundCreateParams.builder().setPaymentIntent(paymentIntent).setAmount(400L)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).build();

        Refund refund = stripe.v1().refunds().create(partial, once);
        Refund replayed = stripe.v1().refunds().create(partial, once);

        assertThat(replayed.getId()).isEqualTo(refund.getId());
        assertThat(nextEvent("charge.refunded")).contains("\"amount_refunded\":400");
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(paymentIntent).setAmount(700L).build()))
                .isInstanceOf(com.stripe.exception.InvalidRequestException.class).hasMessageContaining("greater");

        Payout payout = stripe.v1().payouts().create(PayoutCreateParams.builder().setAmount(1L).setCurrency("usd").build());
        List<BalanceTransaction> lines = new ArrayList<>();
        stripe.v1().balanceTransactions().list(BalanceTransactionListParams.builder().setPayout(payout.getId())
                .setLimit(1L).addExpand("data.source").build()).autoPagingIterable().forEach(lines::add);

        assertThat(lines).extracting(BalanceTransaction::getType).containsExactlyInAnyOrder("charge", "refund", "payout");
        long charged = 1000 - (1000 * 29 + 500) / 1000 - 30;
        assertThat(payout.getAmount()).isEqualTo(charged - 400);
        assertThat(lines.stream().filter(line -> !line.getType().equals("payout")).mapToLong(BalanceTransaction::getNet)
                .sum()).isEqualTo(payout.getAmount());
        BalanceTransaction refundLine = lines.stream().filter(line -> line.getType().equals("refund")).findFirst().orElseThrow();
        assertThat(((Refund) refundLine.getSourceObject()).getCharge()).startsWith("ch_");
        assertThat(stripe.v1().payouts().list(PayoutListParams.builder().setLimit(5L).build()).getData())
                .extracting(Payout::getId).containsExactly(payout.getId());
    }

    @Test
    void aSubscriptionBillsItsFirstInvoiceRenewsOnRequestAndCancels() throws Exception {
        refusalsLeft.set(0); // events in the order they happened
        String session = SESSION.replace("mode=payment", "mode=subscription")
                .replace("payment_intent_data%5Bmetadata%5D", "subscription_data%5Bmetadata%5D")
                + "&line_items%5B0%5D%5Bprice_data%5D%5Brecurring%5D%5Binterval%5D=month";
        String url = createSession(KEY, "k6", session).body().replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("card=4242424242424242")).build(),
                HttpResponse.BodyHandlers.ofString());
        String subscription = nextEvent("checkout.session.completed")
                .replaceAll(".*\"subscription\":\"(sub_[0-9a-f]+)\".*", "$1");
        assertThat(nextEvent("invoice.paid")).contains("\"billing_reason\":\"subscription_create\"", subscription);

        HttpResponse<String> renewed = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                + "/_emulator/subscriptions/" + subscription + "/renew")).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(nextEvent("invoice.paid")).contains("\"billing_reason\":\"subscription_cycle\"");

        sdk().v1().subscriptions().cancel(subscription);
        assertThat(nextEvent("customer.subscription.deleted")).contains("\"status\":\"canceled\"");
    }
}
