package org.newsroom.donations.finance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.finance.ContributionCursor.SortOrder;
import org.newsroom.platform.web.FieldViolation;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/** Finance's view of the ledger: filtered pages for the screen, and the whole filtered list as a stream for export. */
@Component
class ContributionSearch {

    static final int MAX_PAGE = 500;
    private static final int EXPORT_BATCH = 1000;
    private static final Set<String> PAGING = Set.of("sort", "limit", "cursor");

    /** One page and the cursor of the next, null on the last page. */
    record Page(List<LedgerRow> items, String nextCursor) {
    }

    /** A validated search: the filter, the order and, for a page, where to start and how many. */
    record Request(ContributionFilter filter, SortOrder order, int limit, ContributionCursor cursor) {
    }

    private final MongoTemplate mongo;

    ContributionSearch(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static Request parse(MultiValueMap<String, String> query) {
        List<FieldViolation> violations = new ArrayList<>();
        ContributionFilter filter = ContributionFilter.parse(query, PAGING, violations);
        String sort = query.getFirst("sort");
        SortOrder order = SortOrder.of(sort == null ? "-date" : sort);
        if (order == null) {
            violations.add(new FieldViolation("sort", "must be one of -date, date, -amount, amount"));
        }
        int limit = 50;
        String limitText = query.getFirst("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_PAGE) {
                    violations.add(new FieldViolation("limit", "must be between 1 and " + MAX_PAGE));
                }
            } catch (NumberFormatException notANumber) {
                violations.add(new FieldViolation("limit", "must be a whole number between 1 and " + MAX_PAGE));
            }
        }
        ContributionFilter.requireValid(violations);
        String cursor = query.getFirst("cursor");
        return new Request(filter, order, limit,
                cursor == null || cursor.isBlank() ? null : ContributionCursor.decode(cursor, order));
    }

    Page page(Request request) {
        Criteria criteria = request.filter().criteria("createdAt");
        if (request.cursor() != null) {
            criteria = new Criteria().andOperator(criteria, request.cursor().rowsAfter());
        }
        Query query = Query.query(criteria).with(request.order().sort()).limit(request.limit() + 1);
        query.fields().exclude("outbox");
        List<Document> rows = mongo.find(query, Document.class, ContributionLedger.CONTRIBUTIONS);
        boolean more = rows.size() > request.limit();
        List<Document> shown = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? ContributionCursor.after(request.order(), shown.getLast()).encode() : null;
        return new Page(shown.stream().map(LedgerRow::of).toList(), next);
    }

    /** Every matching row in order, read in batches from a database cursor; the caller must close the stream. */
    Stream<LedgerRow> all(Request request) {
        Query query = Query.query(request.filter().criteria("createdAt")).with(request.order().sort())
                .cursorBatchSize(EXPORT_BATCH);
        query.fields().exclude("outbox");
        return mongo.stream(query, Document.class, ContributionLedger.CONTRIBUTIONS).map(LedgerRow::of);
    }
}
