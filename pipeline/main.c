#include "common/status.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("flipside %s\n", FLIPSIDE_VERSION);
        return 0;
    }
    printf("usage: flipside COMMAND\n");
    return 0;
}
