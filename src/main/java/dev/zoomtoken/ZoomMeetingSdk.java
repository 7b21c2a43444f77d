package dev.zoomtoken;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.internal.meetingsdk.MeetingSdkSigner;
import dev.zoomtoken.internal.meetingsdk.MeetingSdkSigners;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.MeetingSdkSignIn;
import dev.zoomtoken.model.MeetingSdkSignature;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import io.smallrye.mutiny.Uni;

/**
 * Meeting SDK sign-in: the HS256 JWT ("signature") an SDK client joins with, alone or with the ZAK (to start a meeting
 * as its host) or OBF token (to join on a connected user's behalf) it needs. Signed with
 * {@code zoom.meeting-sdk.client-id} / {@code client-secret}, or with the connected users' app when those are unset.
 * <p>
 * User tokens come from {@link ZoomUserTokens} (the account's credentials) or {@link ZoomConnections} (a connected
 * user's), with their retries, circuit breaker, deadline, rate budget, coalescing and errors. Everything is checked
 * before Zoom is called, and nothing is signed unless the user token came: a refused request signs nothing. Without
 * credentials every method fails with {@link ZoomNotConfiguredException}. The blocking methods must not be called on
 * an I/O thread; use the {@code Async} ones there.
 */
@ApplicationScoped
public class ZoomMeetingSdk {

    /** The message of the {@link ZoomNotConfiguredException} every method fails with when nothing signs. */
    public static final String NOT_CONFIGURED = "The Meeting SDK is not configured: set ZOOM_MEETING_SDK_CLIENT_ID "
            + "and ZOOM_MEETING_SDK_CLIENT_SECRET (the General app's client id and secret), or turn on connected users";

    private final MeetingSdkSigners signers;
    private final ZoomUserTokens tokens;
    private final ZoomConnections connections;

    ZoomMeetingSdk(MeetingSdkSigners signers, ZoomUserTokens tokens, ZoomConnections connections) {
        this.signers = signers;
        this.tokens = tokens;
        this.connections = connections;
    }

    /** Whether Meeting SDK credentials are configured. */
    public boolean enabled() {
        return signers.signer().isPresent();
    }

    /** The signature alone, for a client that has its user token already or needs none. */
    public MeetingSdkSignature signature(MeetingSdkSignatureRequest request) {
        return signatureAsync(request).await().indefinitely();
    }

    /** {@link #signature} without blocking. */
    public Uni<MeetingSdkSignature> signatureAsync(MeetingSdkSignatureRequest request) {
        return Uni.createFrom().item(() -> signer(request).sign(request));
    }

    /**
     * The signature with {@code userToken} minted with the account's credentials ({@link ZoomUserTokens}): a ZAK to
     * start the meeting as its host, or an OBF token.
     */
    public MeetingSdkSignIn signIn(MeetingSdkSignatureRequest signature, UserTokenRequest userToken) {
        return signInAsync(signature, userToken).await().indefinitely();
    }

    /** {@link #signIn} without blocking. */
    public Uni<MeetingSdkSignIn> signInAsync(MeetingSdkSignatureRequest signature, UserTokenRequest userToken) {
        return signIn(signature, userToken, tokens::getAsync);
    }

    /**
     * The signature with {@code userToken} of {@code principal}'s connected Zoom user ({@link ZoomConnections}): an
     * OBF token to join a meeting outside the account on that user's behalf, or the user's ZAK. {@code userToken}
     * names {@code me}, as for {@link ZoomConnections#tokenAsync}.
     */
    public MeetingSdkSignIn signInWithConnection(String principal, MeetingSdkSignatureRequest signature,
            UserTokenRequest userToken) {
        return signInWithConnectionAsync(principal, signature, userToken).await().indefinitely();
    }

    /** {@link #signInWithConnection} without blocking. */
    public Uni<MeetingSdkSignIn> signInWithConnectionAsync(String principal, MeetingSdkSignatureRequest signature,
            UserTokenRequest userToken) {
        return signIn(signature, userToken, request -> connections.tokenAsync(principal, request));
    }

    private Uni<MeetingSdkSignIn> signIn(MeetingSdkSignatureRequest signature, UserTokenRequest userToken,
            Function<UserTokenRequest, Uni<UserToken>> mint) {
        MeetingSdkSigner signer;
        try {
            signer = signer(signature);
            signature.checkUserToken(userToken);
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        return mint.apply(userToken).map(token -> new MeetingSdkSignIn(signer.sign(signature), token));
    }

    private MeetingSdkSigner signer(MeetingSdkSignatureRequest request) {
        if (request == null) {
            throw new InvalidTokenRequestException("signature", "a signature request is required");
        }
        return signers.signer().orElseThrow(() -> new ZoomNotConfiguredException(NOT_CONFIGURED));
    }
}
