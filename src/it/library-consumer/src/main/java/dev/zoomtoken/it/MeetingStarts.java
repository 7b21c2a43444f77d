package dev.zoomtoken.it;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.ZoomUserTokens;

/** What an application typically builds on the library: a start URL with the host's ZAK. */
@ApplicationScoped
public class MeetingStarts {

    private final ZoomUserTokens tokens;

    MeetingStarts(ZoomUserTokens tokens) {
        this.tokens = tokens;
    }

    public String startUrl(String hostEmail, long meetingId) {
        return "https://zoom.us/s/" + meetingId + "?zak=" + tokens.zak(hostEmail).value();
    }
}
