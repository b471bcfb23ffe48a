package org.newsroom.ads.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.newsroom.ads.report.AdReport.Row;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Advertisers' reports: impressions, viewable impressions, clicks, invalid (bot) traffic, CTR, viewability and
 * spend, per hour or day in a chosen time zone, grouped by campaign, creative or slot, with totals.
 * {@code advertiserId} restricts to one advertiser's campaigns; for an advertiser it is bound to the caller's token.
 */
@RestController
@SecurityRequirement(name = "bearer")
class ReportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AdReports reports;

    ReportController(AdReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "Delivery report (JSON)")
    @GetMapping(path = "/api/ads/reports", produces = MediaType.APPLICATION_JSON_VALUE)
    AdReport json(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @Parameter(description = "hour or day") @RequestParam(required = false) String granularity,
            @Parameter(description = "campaign, creative or slot") @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) String tz, @RequestParam(required = false) String advertiserId,
            Authentication caller) {
        return reports.build(ReportQuery.parse(from, to, granularity, groupBy, tz,
                AdvertiserScope.resolve(caller, advertiserId)));
    }

    @Operation(summary = "Delivery report (CSV, with a TOTAL row per currency)")
    @GetMapping(path = "/api/ads/reports", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> csv(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String granularity,
            @RequestParam(required = false) String groupBy, @RequestParam(required = false) String tz,
            @RequestParam(required = false) String advertiserId, Authentication caller) {
        AdReport report = reports.build(ReportQuery.parse(from, to, granularity, groupBy, tz,
                AdvertiserScope.resolve(caller, advertiserId)));
        StreamingResponseBody body = out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            writeCsv(report, writer);
            writer.flush();
        };
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"ad-report.csv\"").body(body);
    }

    static void writeCsv(AdReport report, Writer out) throws IOException {
        out.write(String.join(",", "period", report.groupBy(), "impressions", "viewable_impressions", "clicks",
                "invalid_impressions", "invalid_viewable_impressions", "invalid_clicks", "ctr", "viewability_rate",
                "spend", "currency") + "\r\n");
        for (Row row : report.rows()) {
            line(out, List.of(row.period(), row.key(), row.impressions(), row.viewableImpressions(), row.clicks(),
                    row.invalidImpressions(), row.invalidViewableImpressions(), row.invalidClicks(), row.ctr(),
                    row.viewabilityRate(), row.spend().amount(), row.spend().currency()));
        }
        AdReport.Totals totals = report.totals();
        List<AdReport.Spend> spends = totals.spend().isEmpty() ? List.of(new AdReport.Spend("", 0, "0")) : totals.spend();
        for (AdReport.Spend spend : spends) {
            line(out, List.of("TOTAL", "", totals.impressions(), totals.viewableImpressions(), totals.clicks(),
                    totals.invalidImpressions(), totals.invalidViewableImpressions(), totals.invalidClicks(),
                    totals.ctr(), totals.viewabilityRate(), spend.amount(), spend.currency()));
        }
    }

    private static void line(Writer out, List<Object> cells) throws IOException {
        out.write(cells.stream().map(cell -> cell(String.valueOf(cell))).collect(Collectors.joining(",")) + "\r\n");
    }

    /** RFC 4180 quoting, and no spreadsheet formula injection: a cell starting with = + - @ is prefixed with '. */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
