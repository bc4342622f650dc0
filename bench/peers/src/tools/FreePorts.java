import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** FreePorts K: K distinct TCP ports that are free on 127.0.0.1 right now (all held open until printed). */
public class FreePorts {
    public static void main(String[] a) throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < Integer.parseInt(a[0]); k++) {
            ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            held.add(s);
            out.append(k == 0 ? "" : " ").append(s.getLocalPort());
        }
        for (ServerSocket s : held) s.close();
        System.out.println(out);
    }
}
