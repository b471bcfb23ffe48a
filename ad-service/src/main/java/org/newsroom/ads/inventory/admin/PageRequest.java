package org.newsroom.ads.inventory.admin;

import org.newsroom.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;

/** Paging parameters of the admin lists: page from 0, size from 1 to 200, newest changes first. */
record PageRequest(int page, int size) {

    static final int MAX_SIZE = 200;

    static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(p, s);
    }

    Query applyTo(Query query) {
        return query.with(Sort.by(Sort.Direction.DESC, "updatedAt").and(Sort.by("_id")))
                .skip((long) page * size).limit(size);
    }
}
