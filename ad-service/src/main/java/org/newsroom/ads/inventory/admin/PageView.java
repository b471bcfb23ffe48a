package org.newsroom.ads.inventory.admin;

import java.util.List;
import java.util.function.Function;

/** One page of a filtered list. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    static <E, T> PageView<T> of(List<E> entities, Function<E, T> view, PageRequest request, long total) {
        return new PageView<>(entities.stream().map(view).toList(), request.page(), request.size(), total,
                (total + request.size() - 1) / request.size());
    }
}
