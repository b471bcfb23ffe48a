import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * The tracking counter's heaviest MongoDB work, against the local stack's wire server in this JVM: batches of 1,000
 * deduplication marks with random ids, inserted unordered as CountingStore does. Prints the process CPU per mark
 * (server, driver and GC together) and marks per second after a third of the batches as warm-up.
 *
 * <p>Run by local-stack/bench/run-wire-server-benchmark; the backend is "stock" (mongo-java-server's H2 backend) or
 * "local-stack" (SerializedKeyH2Backend).
 */
public class WireServerMarks {

    public static void main(String[] args) throws Exception {
        String variant = args[0];
        int batches = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("wire-server-marks");
        String file = dir.resolve("mongo.mv").toString();
        H2Backend backend = variant.equals("stock") ? new H2Backend(file) : localStackBackend(file);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            MongoCollection<Document> marks = client.getDatabase("ads").getCollection("counted_events");
            int warmUp = batches / 3;
            long cpu = 0;
            long wall = 0;
            for (int batch = 0; batch < batches; batch++) {
                if (batch == warmUp) {
                    cpu = os.getProcessCpuTime();
                    wall = System.nanoTime();
                }
                List<Document> docs = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    docs.add(new Document("_id", UUID.randomUUID() + "/inline-1/IMPRESSION").append("p", 3)
                            .append("o", (long) batch * 1000 + i).append("at", new Date()));
                }
                marks.insertMany(docs, new InsertManyOptions().ordered(false));
            }
            long measured = (batches - warmUp) * 1000L;
            System.out.printf("%s: %d marks after %d of warm-up: %.0f us of CPU per mark, %.0f marks/s%n", variant,
                    measured, warmUp * 1000, (os.getProcessCpuTime() - cpu) / 1000.0 / measured,
                    measured / ((System.nanoTime() - wall) / 1e9));
        } finally {
            server.shutdownNow();
            backend.close();
            deleteRecursively(dir);
        }
    }

    private static H2Backend localStackBackend(String file) throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("org.newsroom.localstack.SerializedKeyH2Backend")
                .getDeclaredConstructor(String.class);
        constructor.setAccessible(true); // package-private: the local stack's own class, used as it uses it
        return (H2Backend) constructor.newInstance(file);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
