#!/bin/sh
chmod 0640 one.txt
chmod 0750 src/nested
ln -s top.txt src/link
