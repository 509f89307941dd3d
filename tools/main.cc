// webox: the one binary. Subcommands: serve, simulate.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  std::fprintf(stderr, "usage: webox <serve|simulate> [options]\n");
  return 2;
}
