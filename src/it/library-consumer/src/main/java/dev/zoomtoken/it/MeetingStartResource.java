package dev.zoomtoken.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The consumer's own endpoint: a meeting's start URL for its host, built on the injected library service. */
@Path("/meetings/{meetingId}/start-url")
public class MeetingStartResource {

    private final MeetingStarts meetings;

    MeetingStartResource(MeetingStarts meetings) {
        this.meetings = meetings;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String startUrl(@PathParam("meetingId") long meetingId, @QueryParam("host") String host) {
        return meetings.startUrl(host, meetingId);
    }
}
