from screening.terminal.cli import main

main()
