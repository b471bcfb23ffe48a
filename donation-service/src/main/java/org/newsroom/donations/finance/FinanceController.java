package org.newsroom.donations.finance;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import org.newsroom.donations.finance.Refunds.StripeUnreachableException;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The finance back office's API: roles FINANCE (read) and FINANCE_ADMIN (refunds) are enforced by the security
 * configuration on {@code /api/donations/finance/**}. Answers carry donors' emails: never cache, never log them.
 */
@RestController
@SecurityRequirement(name = "bearer")
class FinanceController {

    private static final Logger log = LoggerFactory.getLogger(FinanceController.class);

    private final ContributionSearch search;
    private final LedgerTotals totals;
    private final Refunds refunds;
    private final Disputes disputes;
    private final PayoutReconciliation payouts;
    private final VariantConversion variants;

    FinanceController(ContributionSearch search, LedgerTotals totals, Refunds refunds, Disputes disputes,
            PayoutReconciliation payouts, VariantConversion variants) {
        this.variants = variants;
        this.search = search;
        this.totals = totals;
        this.refunds = refunds;
        this.disputes = disputes;
        this.payouts = payouts;
    }

    @Operation(summary = "Contributions, filtered and sorted, a page at a time (cursor pagination)",
            description = "Filters: from, to (dates in tz, inclusive, or ISO date-times), tz, status, currency, "
                    + "frequency, country (comma-separated lists), minAmount, maxAmount (minor units), variant, "
                    + "email (exact). sort: -date (default), date, -amount, amount. limit: 1-500 (default 50). "
                    + "cursor: the nextCursor of the previous page.")
    @GetMapping(path = "/api/donations/finance/contributions", produces = "application/json")
    ContributionSearch.Page contributions(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        return search.page(ContributionSearch.parse(query));
    }

    @Operation(summary = "The same filtered list as CSV, streamed (every matching row; limit and cursor ignored)")
    @GetMapping(path = "/api/donations/finance/contributions", produces = "text/csv")
    void contributionsCsv(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
            HttpServletResponse response) throws IOException {
        ContributionSearch.Request request = ContributionSearch.parse(query);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"contributions-"
                + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        long started = System.nanoTime();
        try (Stream<LedgerRow> rows = search.all(request);
                Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            long count = LedgerCsv.write(rows.iterator(), out);
            log.info("Contributions export: {} rows in {} ms", count, (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Operation(summary = "Totals per local day and currency, and for the whole range: count, gross, fees, net, "
            + "refunds, disputes, one-off vs recurring")
    @GetMapping("/api/donations/finance/totals")
    LedgerTotals.Totals totals(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        return totals.of(LedgerTotals.parse(query));
    }

    @Operation(summary = "The appeal's A/B test: per variant, views, checkouts started, contributions collected, "
            + "money per currency and conversion (collected / views), over whole UTC days")
    @GetMapping("/api/donations/finance/variants")
    List<VariantConversion.Row> variants(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        List<FieldViolation> violations = new ArrayList<>();
        LocalDate start = day("from", from, violations);
        LocalDate end = day("to", to, violations);
        if (start != null && end != null && (end.isBefore(start) || start.plusDays(400).isBefore(end))) {
            violations.add(new FieldViolation("to", "must be on or after from, at most 400 days later"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return variants.between(start, end);
    }

    private static LocalDate day(String field, String value, List<FieldViolation> violations) {
        try {
            if (value != null) {
                return LocalDate.parse(value);
            }
        } catch (java.time.format.DateTimeParseException malformed) {
            // reported below
        }
        violations.add(new FieldViolation(field, "is required, a date such as 2026-11-27"));
        return null;
    }

    @Operation(summary = "Refund a contribution in full or in part (FINANCE_ADMIN); the ledger follows Stripe's "
            + "confirmation")
    @PostMapping("/api/donations/finance/refunds")
    ResponseEntity<Refunds.Outcome> refund(
            @Parameter(description = "A new random key per refund attempt; a retry reuses it")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody RefundRequest request, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(refunds.refund(idempotencyKey, request, who(caller)));
    }

    @Operation(summary = "The refund audit log, newest first")
    @GetMapping("/api/donations/finance/refunds")
    List<Document> refundAudit(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > ContributionSearch.MAX_PAGE) {
            throw new InvalidRequestException("limit", "must be between 1 and " + ContributionSearch.MAX_PAGE);
        }
        return refunds.audit(limit);
    }

    @Operation(summary = "Disputes with their evidence deadlines and amounts; open ones unless status=all")
    @GetMapping("/api/donations/finance/disputes")
    List<Disputes.Dispute> disputes(@RequestParam(defaultValue = "open") String status) {
        if (!status.equals("open") && !status.equals("all")) {
            throw new InvalidRequestException("status", "must be open or all");
        }
        return disputes.list(status.equals("open"));
    }

    @Operation(summary = "Recent Stripe payouts")
    @GetMapping("/api/donations/finance/payouts")
    List<PayoutReconciliation.PayoutSummary> payouts(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 100) {
            throw new InvalidRequestException("limit", "must be between 1 and 100");
        }
        return payouts.recent(limit);
    }

    @Operation(summary = "Reconcile one Stripe payout against the ledger")
    @GetMapping("/api/donations/finance/payouts/{payoutId}/reconciliation")
    PayoutReconciliation.Report reconciliation(@PathVariable String payoutId) {
        if (!payoutId.matches("po_[A-Za-z0-9_]{1,100}")) {
            throw new InvalidRequestException("payoutId", "must be a Stripe payout id (po_...)");
        }
        return payouts.reconcile(payoutId);
    }

    @ExceptionHandler(StripeUnreachableException.class)
    ResponseEntity<ProblemDetail> stripeUnreachable(StripeUnreachableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Stripe unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
    }

    /** The subject, and the person's username when the provider states it, for the audit log. */
    private static String who(Authentication caller) {
        if (caller instanceof JwtAuthenticationToken jwt) {
            String username = jwt.getToken().getClaimAsString("preferred_username");
            return username == null ? jwt.getName() : username + " (" + jwt.getName() + ")";
        }
        return caller == null ? "unknown" : caller.getName();
    }
}
