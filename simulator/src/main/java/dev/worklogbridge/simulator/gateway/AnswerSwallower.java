package dev.worklogbridge.simulator.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * Loses an answer after the request was carried out: the first thing written to the connection from
 * now on (the answer being prepared) is thrown away and the connection closed, as a gateway that
 * dies after the write does.
 */
final class AnswerSwallower extends ChannelOutboundHandlerAdapter {

  static void install(RoutingContext ctx) {
    ((ConnectionBase) ctx.request().connection())
        .channel()
        .pipeline()
        .addFirst("worklog-bridge-lost-answer", new AnswerSwallower());
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ReferenceCountUtil.release(msg);
    promise.setSuccess();
    ctx.close();
  }
}
