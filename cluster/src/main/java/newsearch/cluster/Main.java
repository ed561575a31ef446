package newsearch.cluster;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts ONE OpenSearch node of an N-node cluster in this JVM.
 *
 * <p>One node per JVM (not the runner's several nodes in one JVM) so that a test can SIGKILL a single
 * node, as a real machine dies, and restart it on its own data. The Python side (cluster/local.py)
 * picks the free ports and the data folder and passes them here; this class only turns them into node
 * settings.
 *
 * <pre>
 * java -Xms512m -Xmx512m -cp "target/classes:target/lib/*" newsearch.cluster.Main N COUNT DIR \
 *      http=9201,9202,9203 transport=9301,9302,9303 [cluster=NAME] [manager-only=3]
 * </pre>
 *
 * N is this node's number (1..COUNT), DIR the cluster's data folder (this node lives in DIR/node-N).
 * Every node is cluster-manager eligible; the nodes listed in manager-only hold no data, so a third,
 * small node keeps a quorum of two when any one data node is killed.
 */
public final class Main {

    private static final String USAGE = "usage: Main N COUNT DIR http=P1,..,PCOUNT transport=T1,..,TCOUNT"
            + " [cluster=NAME] [manager-only=N1,...]";

    private Main() {
    }

    public static void main(final String[] args) throws Exception {
        final NodeSpec spec;
        try {
            spec = NodeSpec.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        final OpenSearchRunner runner = new OpenSearchRunner();
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final IOException e) {
                System.err.println("closing the node failed: " + e);
            } finally {
                closed.countDown();
            }
        }, "close-node"));

        runner.onBuild((index, settings) -> {
            settings.put("node.name", spec.nodeName(spec.number));
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", spec.httpPorts.get(spec.number - 1));
            settings.put("transport.port", spec.transportPorts.get(spec.number - 1));
            settings.putList("discovery.seed_hosts", spec.seedHosts());
            settings.putList("cluster.initial_cluster_manager_nodes", spec.allNodeNames());
            settings.putList("node.roles", spec.isManagerOnly() ? List.of("cluster_manager")
                    : List.of("cluster_manager", "data", "ingest"));
            // A shared CI disk may be nearly full; the watermarks would then refuse to place replicas.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        });
        try {
            runner.build(newConfigs()
                    .basePath(spec.dataDir.resolve("node-" + spec.number).toAbsolutePath().toString())
                    .numOfNode(1)
                    .clusterName(spec.clusterName));
        } catch (final RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("newsearch-cluster: " + spec.nodeName(spec.number) + " started, http://127.0.0.1:"
                + spec.httpPorts.get(spec.number - 1));
        closed.await();
    }

    /** What the command line says about this node and its cluster. */
    static final class NodeSpec {
        final int number;
        final int count;
        final Path dataDir;
        final String clusterName;
        final List<Integer> httpPorts;
        final List<Integer> transportPorts;
        final List<Integer> managerOnly;

        private NodeSpec(final int number, final int count, final Path dataDir, final String clusterName,
                final List<Integer> httpPorts, final List<Integer> transportPorts, final List<Integer> managerOnly) {
            this.number = number;
            this.count = count;
            this.dataDir = dataDir;
            this.clusterName = clusterName;
            this.httpPorts = httpPorts;
            this.transportPorts = transportPorts;
            this.managerOnly = managerOnly;
        }

        static NodeSpec parse(final String[] args) {
            if (args.length < 3) {
                throw new IllegalArgumentException("N, COUNT and DIR are required");
            }
            final int number = Integer.parseInt(args[0]);
            final int count = Integer.parseInt(args[1]);
            if (count < 1 || number < 1 || number > count) {
                throw new IllegalArgumentException("N must be in 1.." + count + ", got " + number);
            }
            final Map<String, String> options = new HashMap<>();
            for (final String arg : Arrays.copyOfRange(args, 3, args.length)) {
                final int equals = arg.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("options are key=value, got " + arg);
                }
                options.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
            final List<Integer> http = ports(options, "http", count);
            final List<Integer> transport = ports(options, "transport", count);
            final String managerOnly = options.getOrDefault("manager-only", "");
            return new NodeSpec(number, count, Path.of(args[2]), options.getOrDefault("cluster", "newsearch"),
                    http, transport, managerOnly.isEmpty() ? List.of() : numbers(managerOnly));
        }

        private static List<Integer> ports(final Map<String, String> options, final String key, final int count) {
            final String value = options.get(key);
            if (value == null) {
                throw new IllegalArgumentException(key + "= is required");
            }
            final List<Integer> ports = numbers(value);
            if (ports.size() != count) {
                throw new IllegalArgumentException(key + "= needs " + count + " ports, got " + value);
            }
            return ports;
        }

        private static List<Integer> numbers(final String csv) {
            final List<Integer> numbers = new ArrayList<>();
            for (final String part : csv.split(",")) {
                numbers.add(Integer.parseInt(part.trim()));
            }
            return numbers;
        }

        String nodeName(final int n) {
            return "node-" + n;
        }

        boolean isManagerOnly() {
            return managerOnly.contains(number);
        }

        List<String> allNodeNames() {
            final List<String> names = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                names.add(nodeName(n));
            }
            return names;
        }

        List<String> seedHosts() {
            final List<String> hosts = new ArrayList<>();
            for (final int port : transportPorts) {
                hosts.add("127.0.0.1:" + port);
            }
            return hosts;
        }
    }
}
