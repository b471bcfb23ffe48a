package org.newsroom.ads.inventory.admin;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The admin lists' optional equality filters: a filter left out (null) matches everything. */
final class ListFilters {

    private ListFilters() {
    }

    /** @param fieldsAndValues field, value, field, value... */
    static Query matching(Object... fieldsAndValues) {
        Query query = new Query();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            Object value = fieldsAndValues[i + 1];
            if (value != null) {
                query.addCriteria(Criteria.where((String) fieldsAndValues[i]).is(value));
            }
        }
        return query;
    }
}
