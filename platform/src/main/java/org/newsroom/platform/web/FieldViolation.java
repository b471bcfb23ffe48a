package org.newsroom.platform.web;

/**
 * One invalid input field, as it appears in a problem detail's {@code errors} member.
 *
 * @param field the JSON path of the field, e.g. {@code targeting.countries[1]}
 */
public record FieldViolation(String field, String message) {
}
