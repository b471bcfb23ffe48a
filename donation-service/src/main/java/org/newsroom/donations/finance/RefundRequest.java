package org.newsroom.donations.finance;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A finance administrator's refund of one contribution.
 *
 * @param amount in minor units; absent to refund everything that remains
 * @param reason Stripe's reason code
 * @param note   why, in finance's words; kept in the audit log and sent to Stripe as metadata
 */
record RefundRequest(
        @Schema(example = "ctb_4f1c...") String contributionId,
        @Schema(description = "Minor units; omit for the whole remaining amount", example = "500") Long amount,
        @Schema(allowableValues = {"requested_by_customer", "duplicate", "fraudulent"}) String reason,
        @Schema(example = "Reader asked by email on 2026-11-26") String note) {

    /** What makes two requests with the same Idempotency-Key the same request. */
    String fingerprint() {
        return contributionId + "|" + amount + "|" + reason + "|" + note;
    }
}
