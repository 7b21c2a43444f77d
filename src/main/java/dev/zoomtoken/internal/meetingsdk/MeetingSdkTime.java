package dev.zoomtoken.internal.meetingsdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Qualifies the {@link java.time.Clock} Meeting SDK JWTs take {@code iat} from: the system clock unless a bean with
 * this qualifier replaces it (tests do, to check {@code iat} and {@code exp} exactly).
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE })
public @interface MeetingSdkTime {
}
