namespace DataFactory.Deploy.Tests;

/// <summary>deploy/kubernetes: valid YAML documents of the expected kinds that refer to each other correctly.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Repo.Path("deploy", "kubernetes");

    private static readonly List<(string File, Dictionary<object, object> Document)> Manifests =
        [.. Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Repo.YamlDocuments(f).Select(d => (Path.GetFileName(f), d)))];

    [Fact]
    public void Every_document_has_an_api_version_a_kind_and_a_name()
    {
        Assert.NotEmpty(Manifests);
        foreach (var (file, document) in Manifests)
        {
            Assert.True(document.TryGetValue("apiVersion", out var api) && api is string { Length: > 0 }, $"{file}: no apiVersion");
            Assert.True(document.TryGetValue("kind", out var kind) && kind is string { Length: > 0 }, $"{file}: no kind");
            if ((string)kind != "Kustomization")
            {
                Assert.True(Repo.At(document, "metadata", "name") is string { Length: > 0 }, $"{file}: {kind} has no name");
            }
        }

        Assert.Equal(
            ["ConfigMap", "Deployment", "Job", "Kustomization", "Namespace", "PodMonitor", "ScaledObject", "Secret", "TriggerAuthentication"],
            Manifests.Select(m => (string)m.Document["kind"]).Order(StringComparer.Ordinal));
        Assert.Equal(("apps/v1", "keda.sh/v1alpha1", "monitoring.coreos.com/v1"),
            ((string)Kind("Deployment")["apiVersion"], (string)Kind("ScaledObject")["apiVersion"], (string)Kind("PodMonitor")["apiVersion"]));
    }

    [Fact]
    public void The_worker_deployment_requests_a_gpu_probes_health_and_reads_the_config_map_and_secret()
    {
        var deployment = Kind("Deployment");
        var container = Repo.Map(Repo.List(Repo.At(deployment, "spec", "template", "spec", "containers"), "containers").Single(), "container");
        Assert.Equal(1, Convert.ToInt32(Repo.At(container, "resources", "limits", "nvidia.com/gpu"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/health", Repo.At(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Repo.At(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("9464", Repo.At(Repo.Map(Repo.List(container["ports"], "ports").Single(), "port"), "containerPort"));
        var sources = Repo.List(container["envFrom"], "envFrom").Select(e => Repo.Map(e, "envFrom")).ToArray();
        Assert.Equal(Name("ConfigMap"), Repo.At(sources.Single(s => s.ContainsKey("configMapRef")), "configMapRef", "name"));
        Assert.Equal(Name("Secret"), Repo.At(sources.Single(s => s.ContainsKey("secretRef")), "secretRef", "name"));
        Assert.Equal(Repo.At(deployment, "spec", "selector", "matchLabels", "app.kubernetes.io/name"), Repo.At(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"));
    }

    [Fact]
    public void Keda_scales_the_worker_deployment_on_the_work_queue_with_credentials_from_the_secret()
    {
        var scaled = Kind("ScaledObject");
        Assert.Equal(Name("Deployment"), Repo.At(scaled, "spec", "scaleTargetRef", "name"));
        var trigger = Repo.Map(Repo.List(Repo.At(scaled, "spec", "triggers"), "triggers").Single(), "trigger");
        Assert.Equal("rabbitmq", trigger["type"]);
        Assert.Equal("QueueLength", Repo.At(trigger, "metadata", "mode"));
        // The base queue and every model's queue (<queue>.<16 hex digits>), never an error queue.
        var queue = (string)Repo.At(Kind("ConfigMap"), "data", "DATAFACTORY__BROKER__QUEUE")!;
        var pattern = new System.Text.RegularExpressions.Regex((string)Repo.At(trigger, "metadata", "queueName")!);
        Assert.Equal("true", Repo.At(trigger, "metadata", "useRegex"));
        Assert.Equal("sum", Repo.At(trigger, "metadata", "operation"));
        Assert.Matches(pattern, queue);
        Assert.Matches(pattern, queue + ".0123456789abcdef");
        Assert.DoesNotMatch(pattern, queue + "_error");
        Assert.DoesNotMatch(pattern, queue + ".0123456789abcdef_error");
        Assert.Equal(Name("TriggerAuthentication"), Repo.At(trigger, "authenticationRef", "name"));
        var reference = Repo.Map(Repo.List(Repo.At(Kind("TriggerAuthentication"), "spec", "secretTargetRef"), "secretTargetRef").Single(), "secretTargetRef");
        Assert.Equal(Name("Secret"), reference["name"]);
        Assert.NotNull(Repo.At(Kind("Secret"), "stringData", (string)reference["key"]));
    }

    [Fact]
    public void Everything_lives_in_one_namespace_and_the_kustomization_lists_every_file()
    {
        var ns = Name("Namespace");
        Assert.All(Manifests.Where(m => (string)m.Document["kind"] is not ("Namespace" or "Kustomization")),
            m => Assert.Equal(ns, Repo.At(m.Document, "metadata", "namespace")));
        var listed = Repo.List(Kind("Kustomization")["resources"], "resources").Cast<string>().Order(StringComparer.Ordinal);
        Assert.Equal(Manifests.Select(m => m.File).Where(f => f != "kustomization.yaml").Distinct().Order(StringComparer.Ordinal), listed);
    }

    private static Dictionary<object, object> Kind(string kind) => Manifests.Single(m => (string)m.Document["kind"] == kind).Document;

    private static string Name(string kind) => (string)Repo.At(Kind(kind), "metadata", "name")!;
}
