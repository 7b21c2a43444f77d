package dev.zoomtoken.model;

/**
 * Everything a Meeting SDK client needs to join: the signature and, to start a meeting as its host or to join on a
 * user's behalf, the user's ZAK or OBF token. Both are masked in {@link #toString()}.
 *
 * @param signature the Meeting SDK JWT
 * @param userToken the ZAK or OBF token it goes with; null when none was asked for
 */
public record MeetingSdkSignIn(MeetingSdkSignature signature, UserToken userToken) {
}
