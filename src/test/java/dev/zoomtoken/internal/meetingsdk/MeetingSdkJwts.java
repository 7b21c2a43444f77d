package dev.zoomtoken.internal.meetingsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Meeting SDK JWTs in tests the way a third party would: the signature verified by jose4j (not the code under
 * test) with HS256 only, the claims parsed as JSON.
 */
public final class MeetingSdkJwts {

    /** The exact header Zoom's Meeting SDK expects. */
    public static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MeetingSdkJwts() {
    }

    /** The claims of {@code jwt}, after checking its header exactly and its HS256 signature with {@code secret}. */
    public static JsonNode verifiedClaims(String jwt, String secret) {
        try {
            String[] parts = jwt.split("\\.", -1);
            assertEquals(3, parts.length, "a compact JWS has three parts");
            assertEquals(HEADER, new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    AlgorithmIdentifiers.HMAC_SHA256));
            jws.setCompactSerialization(jwt);
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            // jose4j asks for a key of 256 bits or more; Zoom's secrets have 32 characters, test secrets fewer.
            jws.setDoKeyValidation(false);
            assertTrue(jws.verifySignature(), "the HS256 signature does not verify with the SDK secret");
            return JSON.readTree(jws.getPayload());
        } catch (Exception e) {
            throw new AssertionError("not a valid Meeting SDK JWT: " + e, e);
        }
    }

    /** Whether {@code jwt} verifies with {@code secret} (jose4j, HS256 only). */
    public static boolean verifies(String jwt, String secret) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    AlgorithmIdentifiers.HMAC_SHA256));
            jws.setCompactSerialization(jwt);
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            jws.setDoKeyValidation(false);
            return jws.verifySignature();
        } catch (Exception e) {
            return false;
        }
    }

    /** The claim names of {@code claims}, in order. */
    public static List<String> names(JsonNode claims) {
        List<String> names = new ArrayList<>();
        claims.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The decoded header and claims of {@code jwt}, for reading (not verified). */
    public static String decoded(String jwt) {
        String[] parts = jwt.split("\\.");
        Base64.Decoder base64 = Base64.getUrlDecoder();
        return new String(base64.decode(parts[0]), StandardCharsets.UTF_8) + " "
                + new String(base64.decode(parts[1]), StandardCharsets.UTF_8);
    }
}
