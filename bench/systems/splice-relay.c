// The physical reference for the stream workload: a TCP relay in C that moves bytes socket -> pipe -> socket
// with splice(2), never copying them to user space. No HTTP parsing, no headers, one forked process per
// direction of each connection. What it reaches is what loopback on this machine allows any proxy; what the
// minimal Node proxy reaches is what Node's HTTP stack allows. Built by splice-relay.mjs with the system's cc.
//
// Usage: splice-relay <listen port, 0 = any> <upstream port>; prints the port it listens on.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void pump(int from, int to) {
  int p[2];
  if (pipe(p) < 0) _exit(1);
  fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
  for (;;) {
    ssize_t n = splice(from, NULL, p[1], NULL, 1 << 20, SPLICE_F_MOVE);
    if (n <= 0) break;
    while (n > 0) {
      ssize_t m = splice(p[0], NULL, to, NULL, n, SPLICE_F_MOVE);
      if (m <= 0) _exit(0);
      n -= m;
    }
  }
  shutdown(to, SHUT_WR);
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: splice-relay <listen port> <upstream port>\n"); return 2; }
  int listen_port = atoi(argv[1]), up_port = atoi(argv[2]);
  signal(SIGCHLD, SIG_IGN);
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(listen_port)};
  socklen_t length = sizeof a;
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (bind(ls, (void *)&a, sizeof a) < 0 || listen(ls, 512) < 0) { perror("listen"); return 1; }
  getsockname(ls, (void *)&a, &length);
  printf("%d\n", ntohs(a.sin_port)); fflush(stdout);
  for (;;) {
    int c = accept(ls, NULL, NULL);
    if (c < 0) continue;
    if (fork() == 0) {
      close(ls);
      int u = socket(AF_INET, SOCK_STREAM, 0);
      struct sockaddr_in b = {.sin_family = AF_INET, .sin_port = htons(up_port)};
      inet_pton(AF_INET, "127.0.0.1", &b.sin_addr);
      if (connect(u, (void *)&b, sizeof b) < 0) _exit(1);
      setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (fork() == 0) pump(c, u);
      pump(u, c);
    }
    close(c);
  }
}
