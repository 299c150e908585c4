/** `netreq --help`: teaches the commands and the options, grouped as a field engineer thinks of them. */
export const MAIN_HELP = `netreq: does this site's network let the AI platform install and run?

Usage
  netreq                          the wizard (on a terminal): asks about the site, checks, explains
  netreq check [options]          the same without questions, from flags or --answers FILE
  netreq rules [options]          the rules that apply, for a firewall or proxy change request
  netreq demo [SCENARIO]          the wizard against a simulated site on loopback
  netreq scenarios                list the built-in simulated sites
  netreq report FILE              re-render a bundle, a report.json or a fleet report (text, json, md, html)
  netreq listen [options]         open this machine's inbound/internal ports for peers to check
  netreq diff OLD.json NEW.json   what got fixed, what broke (two reports, or two fleet reports node by node)
  netreq merge REPORT...          the reports of several machines as one matrix of targets by machine
  netreq fleet --nodes LIST       the whole check on every node over SSH, merged into one report

The site
  --product P           runai | azureml-arc (repeat for both)
  --role R              this machine's role: installer | k8s-node | system-node | bcm-headnode | workstation (repeat)
  --headnode HOST       a Base Command Manager headnode (repeat); implies BCM
  --control-plane FQDN  the name the cluster uses to reach the Run:ai control plane
  --co-located          the control plane runs on this cluster (--control-plane is then its own FQDN)
  --workload W          training | inference | both (default both)
  --region R            Azure region, e.g. eastus; --region-code C when it is not in the table
  --prereqs             prerequisite components come from their public registries
  --wildcard P=HOST     a concrete name for a wildcard, e.g. '*.azurecr.io=myacr.azurecr.io'
  --cni C               calico | cilium | flannel | other
  --runai-version V     the Run:ai version installed (2.22) or an edition id: its requirements
  --azureml-arc-version V   the same for Azure ML on Arc (netreq rules --edition list)
  --arc-gateway HOST    the cluster reaches Azure Arc through a gateway (<prefix>.gw.arc.azure.com)
  --image REF           an image of the site's own, e.g. myacr.azurecr.io/team/app:1.4 (repeat), for the
                        registry checks besides the small public image each registry rule names
  --mirror R=URL[,ca=FILE]  a registry mirror the nodes pull R through (repeat), e.g.
                        docker.io=https://harbor.corp/v2/dockerhub,ca=harbor-ca.pem
  --helm-repo URL       the site's chart repository in place of the vendor's (https://... checked at
                        its index.yaml, or oci://REGISTRY/PATH)
  --image-list FILE     the images the install needs, one a line: each looked up on the registry (or
                        mirror) the nodes pull it from; the missing ones are reported per registry
  --answers FILE        all of the above from a YAML or JSON file (the wizard saves one)

How to reach it
  --proxy URL           http://[user:password@]proxy:3128 (default: HTTPS_PROXY / HTTP_PROXY)
  --no-proxy LIST       hosts that bypass the proxy (default: NO_PROXY)
  --ca-file PEM         extra trusted CAs (repeat); NODE_EXTRA_CA_CERTS is honoured too
  --dns-server IP[:PORT] ask only this resolver (repeat)
  --connect-to H:P:A:P  check: connect to address A:P instead of what host H resolves to (repeat)

The run
  --format F            check: text | json | md | junit; rules: table | csv | md | json | squid | no-proxy
  --all                 rules: the whole catalog, unfiltered
  --timeout MS          per step (default 5000)        --max-time S   whole run (default 120)
  --concurrency N       parallel targets (default 128, 16 through a proxy)
  --bundle FILE         write a redacted support bundle (.tar.gz)
  --scenario NAME       run against a simulated site (see 'netreq scenarios'); --scenario-file FILE
  -v, --verbose         print each step's evidence as it finishes
  --plain, --no-color   line-by-line output; no colours (NO_COLOR is honoured)
  --version, -h/--help

Exit codes: 0 all passed (warnings allowed), 1 something failed or the run was incomplete (--max-time),
2 usage or input error, 130 interrupted.

Examples
  netreq rules --product runai --role installer --headnode bcm01 --format csv
  netreq check --product azureml-arc --role k8s-node --region eastus --proxy http://proxy:3128
  netreq demo
`;
