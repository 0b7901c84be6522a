import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;

/**
 * Runs a Neo4j 5 Community DBMS with Bolt on a loopback address until SIGTERM.
 *
 * <p>Usage: {@code java -Dneo4j.port=7687 -cp ... Neo4jTestServer <homeDir>}. Auth is off: the
 * server only ever listens on 127.0.0.1 for tests and benchmarks.
 */
public final class Neo4jTestServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "neo4j-home").toAbsolutePath();
        String host = System.getProperty("neo4j.host", "127.0.0.1");
        int port = Integer.getInteger("neo4j.port", 7687);
        long pageCacheMb = Long.getLong("neo4j.pagecacheMb", 256L);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // In 5.x this is a Long in bytes; unset, Neo4j would claim half the machine's RAM.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J STOPPING");
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        // Announce readiness only once the default database answers a query.
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        try (Transaction tx = db.beginTx()) {
            tx.execute("RETURN 1").close();
            tx.commit();
        }
        System.out.println("NEO4J READY bolt://" + host + ":" + port + " home=" + home);
        System.out.flush();
        stopped.await();
    }
}
