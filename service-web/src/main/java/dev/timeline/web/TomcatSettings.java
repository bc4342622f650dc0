package dev.timeline.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Where every service's embedded Tomcat differs from its defaults (Boot 4.0 has no {@code server.tomcat.*} property
 * for either):
 *
 * <ul>
 *   <li>An encoded slash ({@code %2F}) passes through to the application undecoded, so a customer id containing
 *       {@code /} is one path variable ({@code /customers/shop%2F42/timeline}); Tomcat's default refuses such URLs with
 *       400. Spring MVC matches on the encoded path and decodes each variable, so {@code %2F} never becomes a path
 *       separator.
 *   <li>What Tomcat still refuses itself is answered by {@link ProblemReportValve}, a problem detail, not HTML.
 * </ul>
 *
 * Runs after Boot's own Tomcat customizer, whose error report valve it replaces.
 */
@Component
class TomcatSettings implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        factory.addContextCustomizers(context -> useProblemReports(context.getParent()));
    }

    private static void useProblemReports(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new ProblemReportValve());
        // Else the host adds Tomcat's own valve at start, finding none of exactly that class.
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
