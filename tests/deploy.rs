//! The files under deploy/ against the server they run: every YAML parses, probes and proxied
//! paths are routes the server serves, ports agree with ROLECALL_ADDR, every environment
//! variable is one the server reads, and no example holds a real-looking secret. No container
//! engine runs here, so this is what can be checked without one.

use rolecall::env_names::{DEPLOY_ONLY_ENV, SERVER_ENV};
use rolecall::manifest::{self, BaseUrl, Delivery, PLACEHOLDER_URL};
use rolecall::routes;
use std::path::{Path, PathBuf};
use yaml_serde::Value;

const POST_ROUTES: [&str; 3] = [routes::COMMANDS, routes::EVENTS, routes::INTERACTIONS];
const INTERNAL_ROUTES: [&str; 3] = [routes::HEALTHZ, routes::READYZ, routes::METRICS];

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy")
}

fn read(relative: &str) -> String {
    let path = deploy_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml(relative: &str) -> Value {
    let mut value: Value =
        yaml_serde::from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    // Compose files share settings through `<<: *anchor`; resolve them as compose does.
    value.apply_merge().unwrap();
    value
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn is_known_env(name: &str) -> bool {
    SERVER_ENV.contains(&name) || DEPLOY_ONLY_ENV.contains(&name)
}

/// The port of a `host:port` listen address such as `0.0.0.0:3000`.
fn port_of(addr: &str) -> u16 {
    let (_, port) = addr.rsplit_once(':').expect(addr);
    port.parse().expect(addr)
}

/// Names inside `$(NAME)` (Kubernetes) or `${NAME}` / `${NAME:?msg}` (systemd, compose).
fn referenced_vars(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (open, close) in [("$(", ')'), ("${", '}')] {
        for piece in text.split(open).skip(1) {
            let inner = piece.split(close).next().unwrap_or_default();
            let name = inner.split([':', '-', '?']).next().unwrap_or_default();
            names.push(name.to_owned());
        }
    }
    names
}

fn str_of(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value:?}"))
}

fn seq(value: &Value) -> &[Value] {
    value
        .as_sequence()
        .unwrap_or_else(|| panic!("not a list: {value:?}"))
}

// --- every file -----------------------------------------------------------------------------

#[test]
fn every_yaml_file_under_deploy_parses() {
    let yaml_files: Vec<_> = files_under(&deploy_dir())
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")))
        .collect();
    assert!(yaml_files.len() >= 6, "{yaml_files:?}");
    for path in yaml_files {
        let text = std::fs::read_to_string(&path).unwrap();
        for document in yaml_serde::Deserializer::from_str(&text) {
            let value = <Value as serde::Deserialize>::deserialize(document);
            assert!(value.is_ok(), "{}: {:?}", path.display(), value.err());
        }
    }
}

#[test]
fn no_deploy_file_holds_a_real_looking_token_or_secret() {
    for path in files_under(&deploy_dir()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for prefix in ["xoxb-", "xoxp-", "xapp-"] {
            for piece in text.split(prefix).skip(1) {
                let first = piece.chars().next().unwrap_or(' ');
                assert!(
                    !first.is_ascii_digit(),
                    "{}: {prefix} followed by digits looks like a real token",
                    path.display()
                );
            }
        }
        // Signing secrets are 32 hex digits.
        let longest_hex_run = text
            .split(|c: char| !c.is_ascii_hexdigit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(
            longest_hex_run < 32,
            "{}: a run of {longest_hex_run} hex digits looks like a real signing secret",
            path.display()
        );
    }
}

#[test]
fn the_readme_explains_every_variable_the_server_reads() {
    let readme = read("README.md");
    for name in SERVER_ENV.iter().chain(&DEPLOY_ONLY_ENV) {
        assert!(
            readme.contains(name),
            "deploy/README.md does not mention {name}"
        );
    }
}

#[test]
fn every_variable_serve_reads_is_listed() {
    use clap::CommandFactory;
    let cli = rolecall::cli::Cli::command();
    let serve = cli.find_subcommand("serve").expect("a serve subcommand");
    for arg in serve.get_arguments() {
        if let Some(name) = arg.get_env().and_then(|name| name.to_str()) {
            assert!(
                SERVER_ENV.contains(&name),
                "--{} reads {name}, which env_names::SERVER_ENV leaves out",
                arg.get_id()
            );
        }
    }
}

// --- the Slack app manifest -----------------------------------------------------------------

#[test]
fn the_committed_app_manifest_is_the_generated_one_for_the_placeholder_url() {
    let base = BaseUrl::parse(PLACEHOLDER_URL).unwrap();
    assert_eq!(
        read("slack-app-manifest.yml"),
        manifest::manifest(&Delivery::Http(base)),
        "regenerate: cargo run -- manifest --url {PLACEHOLDER_URL} > deploy/slack-app-manifest.yml"
    );
}

// --- Dockerfile -----------------------------------------------------------------------------

/// The instruction lines of the Dockerfile, continuation lines joined.
fn dockerfile_instructions() -> Vec<String> {
    let text = read("Dockerfile").replace("\\\n", " ");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn dockerfile_env() -> Vec<(String, String)> {
    dockerfile_instructions()
        .iter()
        .filter_map(|l| l.strip_prefix("ENV "))
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect(kv);
            (k.trim().to_owned(), v.trim().to_owned())
        })
        .collect()
}

#[test]
fn the_image_exposes_the_port_it_listens_on() {
    let env = dockerfile_env();
    let addr = &env.iter().find(|(k, _)| k == "ROLECALL_ADDR").unwrap().1;
    let exposed: Vec<u16> = dockerfile_instructions()
        .iter()
        .filter_map(|l| l.strip_prefix("EXPOSE "))
        .map(|p| p.trim().parse().unwrap())
        .collect();
    assert_eq!(exposed, [port_of(addr)]);
    for (name, _) in &env {
        assert!(
            is_known_env(name),
            "Dockerfile sets {name}, which the server does not read"
        );
    }
}

#[test]
fn the_image_runs_serve_as_non_root_and_probes_itself_with_the_healthcheck_subcommand() {
    let lines = dockerfile_instructions();
    let find = |prefix: &str| {
        lines
            .iter()
            .rfind(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}"))
            .clone()
    };
    assert!(find("HEALTHCHECK").ends_with(r#"CMD ["/usr/local/bin/rolecall", "healthcheck"]"#));
    assert_eq!(
        find("ENTRYPOINT"),
        r#"ENTRYPOINT ["/usr/local/bin/rolecall", "serve"]"#
    );
    let user = find("USER ");
    assert!(
        !user.contains("root") && !user.starts_with("USER 0"),
        "{user}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("cargo build --release --locked"))
    );
}

#[test]
fn the_build_context_leaves_out_build_output_history_and_databases() {
    let ignore =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".dockerignore"))
            .unwrap();
    let entries: Vec<_> = ignore.lines().map(str::trim).collect();
    for needed in ["target", ".git", "**/*.db"] {
        assert!(entries.contains(&needed), ".dockerignore lacks {needed}");
    }
    // The build embeds responses/ and needs benches/ (declared in Cargo.toml): keep them in.
    assert!(
        !entries
            .iter()
            .any(|e| e.starts_with("responses") || e.starts_with("benches"))
    );
}

// --- Kubernetes -----------------------------------------------------------------------------

fn k8s_container() -> Value {
    let deployment = yaml("kubernetes/deployment.yaml");
    assert_eq!(deployment["kind"], "Deployment");
    let containers = seq(&deployment["spec"]["template"]["spec"]["containers"]);
    assert_eq!(containers.len(), 1);
    containers[0].clone()
}

fn k8s_env(container: &Value) -> Vec<(String, Value)> {
    seq(&container["env"])
        .iter()
        .map(|e| (str_of(&e["name"]).to_owned(), e.clone()))
        .collect()
}

#[test]
fn kubernetes_probes_hit_readyz_and_healthz_on_the_container_port() {
    let container = k8s_container();
    let ports = seq(&container["ports"]);
    assert_eq!(ports.len(), 1);
    let port_name = str_of(&ports[0]["name"]);
    let readiness = &container["readinessProbe"]["httpGet"];
    let liveness = &container["livenessProbe"]["httpGet"];
    assert_eq!(readiness["path"], routes::READYZ);
    assert_eq!(liveness["path"], routes::HEALTHZ);
    assert_eq!(readiness["port"], port_name);
    assert_eq!(liveness["port"], port_name);
}

#[test]
fn kubernetes_container_port_is_the_rolecall_addr_port() {
    let container = k8s_container();
    let env = k8s_env(&container);
    let addr = &env.iter().find(|(k, _)| k == "ROLECALL_ADDR").unwrap().1["value"];
    let container_port = container["ports"][0]["containerPort"].as_u64().unwrap();
    assert_eq!(container_port, u64::from(port_of(str_of(addr))));
}

#[test]
fn kubernetes_env_names_are_read_by_the_server_and_secrets_come_from_the_secret() {
    let container = k8s_container();
    let secret = yaml("kubernetes/secret.example.yaml");
    let secret_keys = secret["stringData"].as_mapping().unwrap();
    let secret_name = str_of(&secret["metadata"]["name"]);
    let env = k8s_env(&container);
    for (name, entry) in &env {
        assert!(
            is_known_env(name),
            "deployment sets {name}, which the server does not read"
        );
        if is_secret(name) {
            let key_ref = &entry["valueFrom"]["secretKeyRef"];
            assert_eq!(
                key_ref["name"], secret_name,
                "{name} is not from the Secret"
            );
            let optional = key_ref["optional"].as_bool().unwrap_or(false);
            assert!(
                optional || secret_keys.contains_key(str_of(&key_ref["key"])),
                "{name}: key missing from secret.example.yaml"
            );
        }
    }
    for needed in [
        "SLACK_SIGNING_SECRET",
        "SLACK_BOT_TOKEN",
        "ROLECALL_REDIS_URL",
        "ROLECALL_DB",
    ] {
        assert!(
            env.iter().any(|(k, _)| k == needed),
            "deployment lacks {needed}"
        );
    }
    // `$(NAME)` in args only expands a variable defined in the container's env.
    let args: Vec<&str> = seq(&container["args"]).iter().map(str_of).collect();
    for name in referenced_vars(&args.join(" ")) {
        assert!(
            env.iter().any(|(k, _)| *k == name),
            "args use undefined $({name})"
        );
    }
    // The server reads its secrets from the environment: one spliced into args would be in
    // the process's arguments, which `ps` shows to anyone on the node.
    for name in referenced_vars(&args.join(" ")) {
        assert!(
            !is_secret(&name),
            "args put {name} in the process's arguments"
        );
    }
}

/// A variable that may hold a secret (a token, a key, a password in a URL).
fn is_secret(name: &str) -> bool {
    name.starts_with("SLACK_")
        || name.contains("KEY")
        || name == "ROLECALL_REDIS_URL"
        || name == "ROLECALL_DB"
}

#[test]
fn kubernetes_pods_are_hardened_and_sized() {
    let deployment = yaml("kubernetes/deployment.yaml");
    assert_eq!(deployment["spec"]["replicas"], 2);
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let container = k8s_container();
    let security = &container["securityContext"];
    assert_eq!(security["readOnlyRootFilesystem"], true);
    assert_eq!(security["allowPrivilegeEscalation"], false);
    assert_eq!(seq(&security["capabilities"]["drop"]), [Value::from("ALL")]);
    assert!(container["resources"]["requests"]["memory"].is_string());
    assert!(container["resources"]["limits"]["memory"].is_string());
}

#[test]
fn kubernetes_service_and_ingress_reach_the_pods_and_expose_only_slack_routes() {
    let deployment = yaml("kubernetes/deployment.yaml");
    let pod_labels = &deployment["spec"]["template"]["metadata"]["labels"];
    let service = yaml("kubernetes/service.yaml");
    for (key, value) in service["spec"]["selector"].as_mapping().unwrap() {
        assert_eq!(&pod_labels[str_of(key)], value, "service selector {key:?}");
    }
    let service_port = &seq(&service["spec"]["ports"])[0];
    assert_eq!(
        service_port["targetPort"],
        k8s_container()["ports"][0]["name"]
    );

    let ingress = yaml("kubernetes/ingress.yaml");
    let mut exposed = Vec::new();
    for rule in seq(&ingress["spec"]["rules"]) {
        for path in seq(&rule["http"]["paths"]) {
            let backend = &path["backend"]["service"];
            assert_eq!(backend["name"], service["metadata"]["name"]);
            assert_eq!(backend["port"]["name"], service_port["name"]);
            exposed.push(str_of(&path["path"]).to_owned());
        }
    }
    assert_public_paths_are_exactly_the_slack_routes(&exposed, "ingress");
}

/// Every Slack POST route falls under some public prefix, no probe or metrics route does, and
/// every prefix leads to at least one route.
fn assert_public_paths_are_exactly_the_slack_routes(prefixes: &[String], what: &str) {
    let covered = |route: &str| prefixes.iter().any(|p| route.starts_with(p.as_str()));
    for route in POST_ROUTES {
        assert!(covered(route), "{what} does not forward {route}");
    }
    for route in INTERNAL_ROUTES {
        assert!(!covered(route), "{what} exposes internal {route}");
    }
    for prefix in prefixes {
        assert!(
            POST_ROUTES.iter().any(|r| r.starts_with(prefix.as_str())),
            "{what} forwards {prefix}, which the server does not serve"
        );
    }
}

// --- compose and its proxy ------------------------------------------------------------------

fn compose_rolecall_services(compose: &Value) -> Vec<(String, Value)> {
    compose["services"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, s)| {
            s["image"]
                .as_str()
                .is_some_and(|i| i.starts_with("rolecall"))
        })
        .map(|(name, s)| (str_of(name).to_owned(), s.clone()))
        .collect()
}

#[test]
fn compose_runs_two_replicas_with_redis_and_postgres_from_the_same_file() {
    let compose = yaml("compose.yaml");
    let services = compose_rolecall_services(&compose);
    assert_eq!(services.len(), 2, "two rolecall replicas");
    let service_names: Vec<&str> = compose["services"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(str_of)
        .collect();
    for (name, service) in &services {
        let env = &service["environment"];
        let redis = str_of(&env["ROLECALL_REDIS_URL"]);
        let redis_host = redis
            .trim_start_matches("redis://")
            .split([':', '/'])
            .next()
            .unwrap();
        assert!(
            service_names.contains(&redis_host),
            "{name}: redis host {redis_host}"
        );
        let command: Vec<&str> = seq(&service["command"]).iter().map(str_of).collect();
        // A password in the arguments shows in `ps`.
        assert!(!command.contains(&"--db"), "{name}: {command:?}");
        let db = str_of(&env["ROLECALL_DB"]);
        let db_host = db.split('@').nth(1).unwrap().split(':').next().unwrap();
        assert!(
            db.starts_with("postgres://") && service_names.contains(&db_host),
            "{db}"
        );
        // Committed files hold no password: deploy/.env brings it.
        assert!(db.contains(":${ROLECALL_PG_PASSWORD:?"), "{db}");
    }
    let postgres = &compose["services"]["postgres"]["environment"];
    assert!(
        str_of(&postgres["POSTGRES_PASSWORD"]).starts_with("${ROLECALL_PG_PASSWORD:?"),
        "{postgres:?}"
    );
    let example = read("compose.env.example");
    assert!(
        example.contains("\nROLECALL_PG_PASSWORD=REPLACE_"),
        "{example}"
    );
}

#[test]
fn compose_env_names_are_read_by_the_server() {
    let compose = yaml("compose.yaml");
    for (name, service) in compose_rolecall_services(&compose) {
        for (key, value) in service["environment"].as_mapping().unwrap() {
            let key = str_of(key);
            assert!(
                is_known_env(key),
                "{name} sets {key}, which the server does not read"
            );
            for var in referenced_vars(value.as_str().unwrap_or_default()) {
                assert!(is_known_env(&var), "{name} interpolates unknown ${{{var}}}");
            }
        }
    }
}

#[test]
fn compose_healthchecks_probe_healthz_on_the_rolecall_addr_port() {
    let compose = yaml("compose.yaml");
    for (name, service) in compose_rolecall_services(&compose) {
        let port = port_of(str_of(&service["environment"]["ROLECALL_ADDR"]));
        let expose: Vec<u16> = seq(&service["expose"])
            .iter()
            .map(|p| str_of(p).parse().unwrap())
            .collect();
        assert_eq!(expose, [port], "{name}");
        let test: Vec<&str> = seq(&service["healthcheck"]["test"])
            .iter()
            .map(str_of)
            .collect();
        assert_eq!(
            test,
            [
                "CMD",
                "/usr/local/bin/rolecall",
                "healthcheck",
                "--url",
                &format!("http://127.0.0.1:{port}{}", routes::HEALTHZ)
            ],
            "{name}"
        );
    }
}

/// `(location prefix, block body)` pairs of an nginx config, by brace depth.
fn nginx_locations(conf: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = conf;
    while let Some(at) = rest.find("location ") {
        let after = &rest[at + "location ".len()..];
        let open = after.find('{').unwrap();
        let prefix = after[..open].trim().to_owned();
        let mut depth = 0;
        let mut end = open;
        for (i, c) in after[open..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth == 0 {
                end = open + i;
                break;
            }
        }
        found.push((prefix, after[open + 1..end].to_owned()));
        rest = &after[end..];
    }
    found
}

#[test]
fn the_proxy_forwards_only_slack_routes_to_both_replicas_on_their_port() {
    let conf = read("nginx.conf");
    let proxied: Vec<String> = nginx_locations(&conf)
        .into_iter()
        .filter(|(_, body)| body.contains("proxy_pass"))
        .map(|(prefix, _)| prefix)
        .collect();
    assert_public_paths_are_exactly_the_slack_routes(&proxied, "nginx.conf");

    let compose = yaml("compose.yaml");
    let upstream_block = conf
        .split("upstream ")
        .nth(1)
        .and_then(|b| b.split('}').next())
        .expect("an upstream block");
    let upstreams: Vec<(String, u16)> = upstream_block
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("server "))
        .map(|l| {
            let target = l.split_whitespace().next().unwrap().trim_end_matches(';');
            let (host, port) = target.split_once(':').unwrap();
            (host.to_owned(), port.parse().unwrap())
        })
        .collect();
    let services = compose_rolecall_services(&compose);
    assert_eq!(upstreams.len(), services.len());
    for (name, service) in services {
        let port = port_of(str_of(&service["environment"]["ROLECALL_ADDR"]));
        assert!(
            upstreams.contains(&(name.clone(), port)),
            "no upstream {name}:{port}"
        );
    }
    let proxy = &compose["services"]["proxy"];
    assert!(
        seq(&proxy["volumes"])
            .iter()
            .any(|v| str_of(v).starts_with("./nginx.conf:")),
        "the proxy does not mount deploy/nginx.conf"
    );
}

// --- systemd --------------------------------------------------------------------------------

fn unit_settings(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn the_systemd_unit_is_hardened_and_reads_secrets_from_an_environment_file() {
    let settings = unit_settings(&read("systemd/rolecall.service"));
    let has = |key: &str, value: &str| settings.iter().any(|(k, v)| k == key && v == value);
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("EnvironmentFile", "/etc/rolecall/env"),
        ("StateDirectory", "rolecall"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        // `systemctl reload` is the SIGHUP that reloads the rules table.
        ("ExecReload", "/bin/kill -HUP $MAINPID"),
    ] {
        assert!(has(key, value), "rolecall.service lacks {key}={value}");
    }
}

#[test]
fn the_systemd_unit_and_its_env_example_use_only_names_the_server_reads() {
    let settings = unit_settings(&read("systemd/rolecall.service"));
    let mut defined = Vec::new();
    for (key, value) in &settings {
        if key == "Environment" {
            let (name, _) = value.split_once('=').expect(value);
            assert!(
                is_known_env(name),
                "Environment={name} is not read by the server"
            );
            defined.push(name.to_owned());
        }
    }
    let exec = &settings.iter().find(|(k, _)| k == "ExecStart").unwrap().1;
    for name in referenced_vars(exec) {
        assert!(
            defined.contains(&name),
            "ExecStart uses ${{{name}}} without a default"
        );
        // A postgres:// URL in ROLECALL_DB (from the env file) would show in `ps`.
        assert!(
            !is_secret(&name),
            "ExecStart puts {name} in the process's arguments"
        );
    }
    for line in read("systemd/env.example").lines() {
        let line = line.trim().trim_start_matches('#');
        if let Some((name, _)) = line.split_once('=')
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        {
            assert!(
                is_known_env(name),
                "env.example sets {name}, which the server does not read"
            );
        }
    }
}

#[test]
fn every_secret_placeholder_in_the_example_env_files_is_refused_at_start() {
    for file in ["compose.env.example", "systemd/env.example"] {
        for line in read(file).lines() {
            let Some((name, value)) = line.trim_start_matches('#').split_once('=') else {
                continue;
            };
            if !name.contains("SECRET") && !name.contains("TOKEN") && !name.contains("KEY") {
                continue;
            }
            assert!(
                rolecall::config::is_placeholder(value),
                "{file}: {name}={value} would start the server as if it were real"
            );
        }
    }
}

// --- stopping -------------------------------------------------------------------------------

/// Seconds in a `30s` / `30` duration as compose and systemd write it.
fn seconds_of(duration: &str) -> u64 {
    duration
        .trim()
        .trim_end_matches('s')
        .parse()
        .unwrap_or_else(|e| panic!("{duration:?}: {e}"))
}

#[test]
fn every_deploy_waits_out_the_drain_before_killing() {
    // Killed before it ends, the drain loses replies Slack was told were received, unlogged.
    let drain = rolecall::config::Timeouts::default().drain.as_secs();
    let compose = yaml("compose.yaml");
    for (name, service) in compose_rolecall_services(&compose) {
        // Unset, Docker waits 10 s.
        let grace = service["stop_grace_period"].as_str().map_or(10, seconds_of);
        assert!(grace > drain, "{name}: stop_grace_period {grace}s");
    }
    let deployment = yaml("kubernetes/deployment.yaml");
    let grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        .as_u64()
        .unwrap_or(30);
    assert!(grace > drain, "terminationGracePeriodSeconds {grace}");
    let settings = unit_settings(&read("systemd/rolecall.service"));
    let stop = settings
        .iter()
        .find(|(k, _)| k == "TimeoutStopSec")
        .map_or(90, |(_, v)| seconds_of(v));
    assert!(stop > drain, "TimeoutStopSec={stop}");
}
