package dev.zoomtoken;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * The package rules of the README's layout, checked on the compiled main classes: no cycles, and each package uses
 * only the packages below it.
 */
class PackageRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.zoomtoken");

    @Test
    void noPackageCycles() {
        slices().matching("dev.zoomtoken.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("dev.zoomtoken.model..")
                .layer("config").definedBy("dev.zoomtoken.internal.config..")
                .layer("crypto").definedBy("dev.zoomtoken.internal.crypto..")
                .layer("concurrent").definedBy("dev.zoomtoken.internal.concurrent..")
                .layer("metrics").definedBy("dev.zoomtoken.internal.metrics..")
                .layer("tracing").definedBy("dev.zoomtoken.internal.tracing..")
                .layer("redis").definedBy("dev.zoomtoken.internal.redis..")
                .layer("http").definedBy("dev.zoomtoken.internal.http..")
                .layer("ratelimit").definedBy("dev.zoomtoken.internal.ratelimit..")
                .layer("auth").definedBy("dev.zoomtoken.internal.auth..")
                .layer("client").definedBy("dev.zoomtoken.internal.client..")
                .layer("connection").definedBy("dev.zoomtoken.internal.connection..")
                .layer("meetingsdk").definedBy("dev.zoomtoken.internal.meetingsdk..")
                .layer("service").definedBy("dev.zoomtoken")
                .layer("broker").definedBy("dev.zoomtoken.internal.broker..")
                .whereLayer("model").mayNotAccessAnyLayer()
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("crypto").mayNotAccessAnyLayer()
                .whereLayer("concurrent").mayNotAccessAnyLayer()
                .whereLayer("metrics").mayOnlyAccessLayers("model")
                .whereLayer("tracing").mayOnlyAccessLayers("model", "config", "crypto")
                .whereLayer("redis").mayOnlyAccessLayers("config", "crypto", "metrics", "tracing")
                .whereLayer("http").mayOnlyAccessLayers("model", "config", "metrics")
                .whereLayer("ratelimit").mayOnlyAccessLayers("model", "config", "metrics", "redis")
                .whereLayer("auth").mayOnlyAccessLayers("model", "config", "crypto", "concurrent", "metrics", "tracing",
                        "redis", "http")
                .whereLayer("client").mayOnlyAccessLayers("model", "config", "metrics", "tracing", "http", "ratelimit",
                        "auth")
                .whereLayer("connection").mayOnlyAccessLayers("model", "config", "crypto", "concurrent", "metrics",
                        "tracing", "ratelimit", "auth")
                .whereLayer("meetingsdk").mayOnlyAccessLayers("model", "config")
                .whereLayer("service").mayOnlyAccessLayers("model", "config", "crypto", "concurrent", "metrics",
                        "tracing", "auth", "client", "connection", "meetingsdk")
                .whereLayer("broker").mayOnlyAccessLayers("service", "model", "config", "crypto", "metrics", "http")
                .check(MAIN);
    }

    @Test
    void everyClassIsInAKnownPackage() {
        ArchRuleDefinition.classes().should().resideInAnyPackage("dev.zoomtoken", "dev.zoomtoken.model",
                "dev.zoomtoken.internal.config", "dev.zoomtoken.internal.metrics", "dev.zoomtoken.internal.tracing",
                "dev.zoomtoken.internal.http",
                "dev.zoomtoken.internal.ratelimit", "dev.zoomtoken.internal.auth", "dev.zoomtoken.internal.client",
                "dev.zoomtoken.internal.broker", "dev.zoomtoken.internal.crypto", "dev.zoomtoken.internal.concurrent",
                "dev.zoomtoken.internal.redis",
                "dev.zoomtoken.internal.connection", "dev.zoomtoken.internal.meetingsdk")
                .check(MAIN);
    }

    @Test
    void theLibrarysPublicApiIsTheModelAndTheService() {
        ArchRuleDefinition.classes().that().resideInAPackage("dev.zoomtoken").and().arePublic()
                .should().haveSimpleName("ZoomUserTokens").orShould().haveSimpleName("ZoomConnections")
                .orShould().haveSimpleName("ZoomMeetingSdk").check(MAIN);
    }
}
