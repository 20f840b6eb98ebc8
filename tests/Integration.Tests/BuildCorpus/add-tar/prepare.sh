#!/bin/sh
tar -C payload --owner=5 --group=6 -cf archive.tar .
tar -C payload --owner=0 --group=0 -czf archive.tar.gz inner
rm -rf payload
