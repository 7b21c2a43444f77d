package dev.zoomtoken.internal.broker;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zoomtoken.model.InvalidTokenRequestException;

/**
 * A request body that must be one JSON object of known fields, each a string or an integer, read strictly: another
 * JSON type at the top, trailing data, an unknown field, a field given twice, {@code null}, or a value of the wrong
 * type is an {@link InvalidTokenRequestException} naming the field at fault ({@value #FIELD} for the body as a whole),
 * never a guess and never a 500.
 */
final class JsonBody {

    /** The field named when the body as a whole is refused. */
    static final String FIELD = "body";
    private static final JsonFactory JSON = new JsonFactory();
    /** A field name safe to echo in a problem document; any other is reported as {@value #FIELD}. */
    private static final Pattern ECHOABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Map<String, Object> values;

    private JsonBody(Map<String, Object> values) {
        this.values = values;
    }

    /** Reads {@code body}, whose fields may only be the {@code strings} and the {@code integers} (Java ints). */
    static JsonBody of(byte[] body, Set<String> strings, Set<String> integers) {
        if (body == null || body.length == 0) {
            throw new InvalidTokenRequestException(FIELD, "the body must be a JSON object");
        }
        Map<String, Object> values = new HashMap<>();
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidTokenRequestException(FIELD, "the body must be a JSON object");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                boolean integer = integers.contains(name);
                if (!integer && !strings.contains(name)) {
                    Set<String> known = new TreeSet<>(strings);
                    known.addAll(integers);
                    throw new InvalidTokenRequestException(ECHOABLE_NAME.matcher(name).matches() ? name : FIELD,
                            "unknown field; the fields are " + String.join(", ", known));
                }
                if (values.containsKey(name)) {
                    throw new InvalidTokenRequestException(name, name + " must be given at most once");
                }
                values.put(name, integer ? integer(json, json.nextToken(), name) : text(json.nextToken(), json, name));
            }
            if (json.nextToken() != null) {
                throw new InvalidTokenRequestException(FIELD,
                        "the body must be one JSON object, with nothing after it");
            }
        } catch (IOException notJson) {
            throw new InvalidTokenRequestException(FIELD, "the body is not valid JSON (UTF-8)");
        }
        return new JsonBody(values);
    }

    /** The string field {@code name}, if given. */
    Optional<String> text(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    /** The integer field {@code name}, if given. */
    Optional<Integer> integer(String name) {
        return Optional.ofNullable((Integer) values.get(name));
    }

    private static String text(JsonToken token, JsonParser json, String name) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidTokenRequestException(name, name + " must be a JSON string");
        }
        return json.getText();
    }

    private static Integer integer(JsonParser json, JsonToken token, String name) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidTokenRequestException(name, name + " must be a JSON integer");
        }
        if (json.getNumberType() != JsonParser.NumberType.INT) {
            throw new InvalidTokenRequestException(name, name + " is out of range");
        }
        return json.getIntValue();
    }
}
