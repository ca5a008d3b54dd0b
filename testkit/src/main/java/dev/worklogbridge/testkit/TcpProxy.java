package dev.worklogbridge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a server (PostgreSQL), for outage drills: {@link #pause()}
 * holds every byte in both directions (the server looks hung: connections open, no answers), and
 * {@link #cut()} closes every connection and refuses new ones (the server looks stopped).
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean paused;
  private volatile boolean cut;

  public TcpProxy(String host, int port) {
    this.target = new InetSocketAddress(host, port);
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Holds all traffic: the server looks hung. */
  public void pause() {
    paused = true;
  }

  /** Lets held and new traffic through. */
  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  /** Closes every connection and refuses new ones: the server looks stopped. */
  public void cut() {
    cut = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Accepts connections again after {@link #cut()}. */
  public void restore() {
    cut = false;
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
    resume();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // the server socket closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  holdWhilePaused();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void holdWhilePaused() throws InterruptedException {
    synchronized (gate) {
      while (paused) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
