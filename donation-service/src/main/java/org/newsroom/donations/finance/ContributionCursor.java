package org.newsroom.donations.finance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;

import org.bson.Document;
import org.newsroom.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Keyset pagination over the ledger: the cursor is the sort value and id of the last row shown, so the next page
 * starts strictly after it. Contributions created meanwhile do not shift or repeat rows the way an offset would.
 */
record ContributionCursor(SortOrder order, long value, String id) {

    /** The orders finance can list by; the id breaks ties so that the order is total. */
    enum SortOrder {
        DATE_DESC("-date", "createdAt", Sort.Direction.DESC),
        DATE_ASC("date", "createdAt", Sort.Direction.ASC),
        AMOUNT_DESC("-amount", "amount.minorUnits", Sort.Direction.DESC),
        AMOUNT_ASC("amount", "amount.minorUnits", Sort.Direction.ASC);

        final String parameter;
        final String field;
        final Sort.Direction direction;

        SortOrder(String parameter, String field, Sort.Direction direction) {
            this.parameter = parameter;
            this.field = field;
            this.direction = direction;
        }

        static SortOrder of(String parameter) {
            for (SortOrder order : values()) {
                if (order.parameter.equals(parameter)) {
                    return order;
                }
            }
            return null;
        }

        Sort sort() {
            return Sort.by(direction, field).and(Sort.by(direction, "_id"));
        }

        /** The sortable value of a row, as the cursor keeps it. */
        long valueOf(Document row) {
            if (field.equals("createdAt")) {
                return row.getDate("createdAt").getTime();
            }
            return ((Number) row.get("amount", Document.class).get("minorUnits")).longValue();
        }

        private Object queryValue(long value) {
            return field.equals("createdAt") ? new Date(value) : value;
        }
    }

    static ContributionCursor after(SortOrder order, Document lastRow) {
        return new ContributionCursor(order, order.valueOf(lastRow), lastRow.getString("_id"));
    }

    String encode() {
        String raw = "v1|" + order.parameter + "|" + value + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException when the cursor was not made by us or was made for another sort order */
    static ContributionCursor decode(String cursor, SortOrder expected) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals("v1") || parts[3].isEmpty()) {
                throw new IllegalArgumentException("shape");
            }
            SortOrder order = SortOrder.of(parts[1]);
            if (order != expected) {
                throw new InvalidRequestException("cursor", "was issued for another sort order; start again without it");
            }
            return new ContributionCursor(order, Long.parseLong(parts[2]), parts[3]);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidRequestException("cursor", "is malformed; use the nextCursor of the previous page");
        }
    }

    /** Rows strictly after this cursor in its order. */
    Criteria rowsAfter() {
        Object at = order.queryValue(value);
        boolean descending = order.direction == Sort.Direction.DESC;
        Criteria beyond = descending ? Criteria.where(order.field).lt(at) : Criteria.where(order.field).gt(at);
        Criteria tie = descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id);
        return new Criteria().orOperator(beyond, new Criteria().andOperator(Criteria.where(order.field).is(at), tie));
    }
}
