package org.newsroom.ads.tracking;

import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/** The beacons in the service's OpenAPI document: they are served by {@link BeaconServlet}, not a controller. */
final class BeaconApiDocumentation implements OpenApiCustomizer {

    private static final Map<String, String> SUMMARIES = Map.of(
            BeaconServlet.RENDER, "Render beacon: the ad was rendered (counted as an impression)",
            BeaconServlet.VIEWABLE,
            "Viewability beacon: at least 50% of the ad's pixels were in view for 1 continuous second",
            BeaconServlet.CLICK, "Click: counts the click and redirects to the creative's registered landing page");

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            openApi.setPaths(new Paths());
        }
        for (String path : new String[] {BeaconServlet.RENDER, BeaconServlet.VIEWABLE, BeaconServlet.CLICK}) {
            PathItem item = new PathItem()
                    .get(operation(path, "get"))
                    .post(operation(path, "post"));
            openApi.getPaths().addPathItem(path, item);
        }
    }

    private static Operation operation(String path, String method) {
        ApiResponses responses = new ApiResponses();
        if (BeaconServlet.CLICK.equals(path)) {
            responses.addApiResponse("302", new ApiResponse().description("Redirect to the registered landing page")
                    .addHeaderObject("Location", new Header().schema(new StringSchema().format("uri"))));
        } else {
            responses.addApiResponse("204", new ApiResponse().description("Counted (handed to the producer)"));
            responses.addApiResponse("200", new ApiResponse()
                    .description("Counted; a 1x1 GIF for clients that accept only images")
                    .content(new Content().addMediaType("image/gif", new MediaType().schema(new BinarySchema()))));
            responses.addApiResponse("503", problem("Tracking is saturated; retry after the Retry-After seconds"));
        }
        responses.addApiResponse("400", problem("The tracking token is missing, altered, expired or unknown"));
        return new Operation()
                .operationId(method + path.substring(path.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT))
                .addTagsItem("beacons")
                .summary(SUMMARIES.get(path))
                .addParametersItem(new Parameter().in("query").name("t").required(true)
                        .description("The signed tracking token from the decision").schema(new StringSchema()))
                .responses(responses);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content()
                .addMediaType("application/problem+json", new MediaType().schema(new ObjectSchema())));
    }
}
