package dev.zoomtoken.internal.broker;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zoomtoken.model.InvalidTokenRequestException;

/**
 * A request body that must be one JSON object with only known fields, read strictly: a key given twice, trailing
 * data, another JSON type at the top, an unknown field or a field of the wrong type is an
 * {@link InvalidTokenRequestException} naming {@value #FIELD} or the field, never a guess and never a 500.
 */
final class JsonBody {

    /** The field named when the body as a whole is refused. */
    static final String FIELD = "body";
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /** Reads {@code body}, which may only have the fields in {@code known}. */
    static JsonBody of(byte[] body, Set<String> known) {
        if (body == null || body.length == 0) {
            throw new InvalidTokenRequestException(FIELD, "the request needs a JSON object as its body");
        }
        JsonNode read;
        try {
            read = STRICT.readTree(body);
        } catch (IOException malformed) {
            throw new InvalidTokenRequestException(FIELD, "the body is not one well-formed JSON object (each key once)");
        }
        if (!(read instanceof ObjectNode object)) {
            throw new InvalidTokenRequestException(FIELD, "the body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidTokenRequestException(FIELD, "unknown field in the body; the fields are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return new JsonBody(object);
    }

    /** The string field {@code name}, if present and not null. */
    Optional<String> text(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidTokenRequestException(name, name + " must be a JSON string");
        }
        return Optional.of(value.textValue());
    }
}
