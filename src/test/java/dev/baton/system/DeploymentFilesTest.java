package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine or cluster runs where the tests do, so the deployment files are checked against the running
 * Baton instead: the probes and scrape path answer, the Ingress routes Slack's and Feishu's callbacks, selectors
 * match, the user is the Dockerfile's, and every variable they set is one Baton reads and the README explains.
 */
class DeploymentFilesTest extends BatonTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> kubernetes() throws Exception {
        Map<String, Map<String, Object>> byKind = new java.util.LinkedHashMap<>();
        for (Object doc : new Yaml().loadAll(Files.readString(Path.of("deploy/k8s/baton.yaml")))) {
            if (doc != null) {
                Map<String, Object> m = (Map<String, Object>) doc;
                byKind.put((String) m.get("kind"), m);
            }
        }
        return byKind;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = p.matches("\\d+") ? ((List<Object>) n).get(Integer.parseInt(p)) : ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theKubernetesProbesAndScrapePathAnswerOnARunningBaton() throws Exception {
        Map<String, Object> deployment = kubernetes().get("Deployment");
        assertThat((Integer) at(deployment, "spec", "replicas")).isGreaterThanOrEqualTo(2);
        Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", "0");
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            String path = at(container, probe, "httpGet", "path");
            assertThat(get(path)).as(probe + " " + path).isEqualTo(200);
        }
        String scrape = at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/path");
        assertThat(get(scrape)).isEqualTo(200);
    }

    @Test
    void selectorsMatchAndTheIngressCarriesEveryCallback() throws Exception {
        Map<String, Map<String, Object>> k8s = kubernetes();
        Map<String, Object> labels = at(k8s.get("Deployment"), "spec", "template", "metadata", "labels");
        assertThat((Map<String, Object>) at(k8s.get("Deployment"), "spec", "selector", "matchLabels"))
                .isEqualTo(labels);
        assertThat((Map<String, Object>) at(k8s.get("Service"), "spec", "selector")).isEqualTo(labels);
        assertThat((Map<String, Object>) at(k8s.get("PodDisruptionBudget"), "spec", "selector", "matchLabels"))
                .isEqualTo(labels);
        List<Map<String, Object>> paths = at(k8s.get("Ingress"), "spec", "rules", "0", "http", "paths");
        assertThat(paths).extracting(p -> p.get("path")).contains("/slack/events", "/feishu/events", "/telegram/updates", "/api/leads",
                "/calendar", "/meetings");
        // the callbacks really live there: a bare request is refused for its signature, not missing
        for (String callback : List.of("/slack/events", "/feishu/events", "/telegram/updates", "/api/leads")) {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + callback))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as(callback).isNotEqualTo(404).isLessThan(500);
        }
    }

    @Test
    void theContainerUserIsTheDockerfilesAndItIsNotRoot() throws Exception {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        Map<String, Object> pod = at(kubernetes().get("Deployment"), "spec", "template", "spec");
        assertThat((Integer) at(pod, "securityContext", "runAsUser")).isEqualTo(Integer.parseInt(user.group(1)))
                .isNotZero();
        assertThat(dockerfile).contains("EXPOSE 8080");
        assertThat((Integer) at(pod, "containers", "0", "ports", "0", "containerPort")).isEqualTo(8080);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableTheDeploymentSetsIsReadByBatonAndExplainedInTheReadme() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        Map<String, Object> secret = new Yaml().load(Files.readString(Path.of("deploy/k8s/secret.example.yaml")));
        names.addAll(((Map<String, Object>) secret.get("stringData")).keySet());
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("deploy/compose.yaml")));
        names.addAll(((Map<String, Object>) at(compose, "services", "baton", "environment")).keySet());
        List<Map<String, Object>> env = at(kubernetes().get("Deployment"), "spec", "template", "spec", "containers",
                "0", "env");
        env.forEach(e -> names.add((String) e.get("name")));

        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        String readme = Files.readString(Path.of("README.md"));
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            // a variable is read when application.properties refers to it, or by Spring's relaxed binding (SERVER_*)
            boolean read = properties.contains("${" + name + ":") || name.startsWith("SERVER_");
            boolean explained = readme.contains("`" + name + "`") || name.startsWith("SERVER_");
            if (!read || !explained) {
                unknown.add(name + (read ? " (not in the README)" : " (Baton never reads it)"));
            }
        }
        assertThat(unknown).isEmpty();
    }
}
