namespace Berth.Templates;
