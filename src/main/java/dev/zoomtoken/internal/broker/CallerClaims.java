package dev.zoomtoken.internal.broker;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.zoomtoken.model.Principals;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The JSON types of the claims that decide who a caller is: {@code upn}, {@code preferred_username} and {@code sub}
 * are strings, and {@code groups} is an array of strings. A token that has any of them in another form (a number, an
 * object, one space-separated string of groups) is refused as a whole, never converted, so a group list cannot be made
 * by splitting a string and a name cannot be made from a number. A name claim that is not a valid principal
 * ({@link Principals}: a lone surrogate, a control character, too long) is refused too, so no caller reaches the
 * connections with a name the database would read as another.
 */
final class CallerClaims {

    static final List<String> NAME_CLAIMS = List.of("upn", "preferred_username", "sub");
    static final String GROUPS_CLAIM = "groups";

    private CallerClaims() {
    }

    /** Checks the claims of a compact JWS whose signature was verified already. */
    static void check(String compactJws) throws ParseException {
        JsonObject claims = claims(compactJws);
        for (String name : NAME_CLAIMS) {
            JsonValue value = claims.get(name);
            if (value != null && value.getValueType() != JsonValue.ValueType.STRING) {
                throw new ParseException("The caller JWT claim '" + name + "' must be a string");
            }
            if (value != null && !Principals.isValid(((JsonString) value).getString())) {
                throw new ParseException("The caller JWT claim '" + name + "' is not a usable name: 1 to "
                        + Principals.MAX_LENGTH + " characters of well-formed text without control characters");
            }
        }
        JsonValue groups = claims.get(GROUPS_CLAIM);
        if (groups != null && (groups.getValueType() != JsonValue.ValueType.ARRAY
                || !groups.asJsonArray().stream()
                        .allMatch(group -> group.getValueType() == JsonValue.ValueType.STRING))) {
            throw new ParseException("The caller JWT claim 'groups' must be an array of strings");
        }
    }

    private static JsonObject claims(String compactJws) throws ParseException {
        String[] parts = compactJws.split("\\.", -1);
        if (parts.length != 3) {
            throw new ParseException("The caller JWT is not a compact JWS");
        }
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException malformed) {
            throw new ParseException("The caller JWT claims are not a JSON object", malformed);
        }
    }
}
